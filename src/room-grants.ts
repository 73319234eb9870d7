import { PermissionsOptions } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';

/**
 * Grants on one room, scoped to the room's ARN.
 *
 * The IVS Chat API has no resource-policy operations, so every grant is an identity policy added to the grantee.
 * Built on a room reference, it works with `Room`, `Room.fromRoomArn` and an L1 `CfnRoom` alike.
 */
export class RoomGrants {
  /** Grants on the given room. */
  public static fromRoom(room: ivschat.IRoomRef): RoomGrants {
    return new RoomGrants(room);
  }

  private constructor(private readonly room: ivschat.IRoomRef) {}

  /** Grants the given IVS Chat actions on this room (or on `options.resourceArns`). */
  public actions(grantee: iam.IGrantable, actions: string[], options: PermissionsOptions = {}): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: options.resourceArns ?? [this.room.roomRef.roomArn] });
  }

  /** `ivschat:CreateChatToken`: vend chat tokens for this room (typically a backend that authenticates users). */
  public createChatToken(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:CreateChatToken']);
  }

  /** `ivschat:SendEvent`: send custom events to the room's clients. */
  public sendEvent(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:SendEvent']);
  }

  /** `ivschat:DeleteMessage`: delete a message for every client of the room. */
  public deleteMessage(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:DeleteMessage']);
  }

  /** `ivschat:DisconnectUser`: disconnect every connection of a user from the room. */
  public disconnectUser(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:DisconnectUser']);
  }

  /** Moderation: `ivschat:DeleteMessage`, `ivschat:DisconnectUser` and `ivschat:SendEvent`. */
  public moderate(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:DeleteMessage', 'ivschat:DisconnectUser', 'ivschat:SendEvent']);
  }

  /** Reading the room's configuration and tags: `ivschat:GetRoom` and `ivschat:ListTagsForResource`. */
  public read(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:GetRoom', 'ivschat:ListTagsForResource']);
  }
}
