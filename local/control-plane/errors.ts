/** The model's ResourceType enum has this single value, so the service reports it for logging configurations too. */
const RESOURCE_TYPE = 'ROOM';

export interface ValidationExceptionField {
  readonly name: string;
  readonly message: string;
}

export type ValidationExceptionReason = 'UNKNOWN_OPERATION' | 'FIELD_VALIDATION_FAILED' | 'OTHER';

/** An error answer: HTTP status, the shape name the SDK maps through `x-amzn-ErrorType`, and the shape's members. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly members: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, ...this.members };
  }
}

export function validationException(
  message: string,
  fieldList: readonly ValidationExceptionField[],
  reason: ValidationExceptionReason = 'FIELD_VALIDATION_FAILED',
): ServiceError {
  return new ServiceError(400, 'ValidationException', message, { reason, fieldList });
}

export function resourceNotFound(resourceId: string): ServiceError {
  return new ServiceError(404, 'ResourceNotFoundException', `Resource not found: ${resourceId}`, { resourceId, resourceType: RESOURCE_TYPE });
}

export function conflict(resourceId: string, message: string): ServiceError {
  return new ServiceError(409, 'ConflictException', message, { resourceId, resourceType: RESOURCE_TYPE });
}

export function serviceQuotaExceeded(resourceId: string, limit: number, message: string): ServiceError {
  return new ServiceError(402, 'ServiceQuotaExceededException', message, { resourceId, resourceType: RESOURCE_TYPE, limit });
}

export function throttling(limit: number, resourceId: string): ServiceError {
  return new ServiceError(429, 'ThrottlingException', `Rate exceeded: at most ${limit} requests per second`, {
    resourceId, resourceType: RESOURCE_TYPE, limit,
  });
}

export function accessDenied(message: string): ServiceError {
  return new ServiceError(403, 'AccessDeniedException', message);
}

export function internalServerError(message: string): ServiceError {
  return new ServiceError(500, 'InternalServerException', message);
}

// Errors of the messaging API: the messaging endpoint sends `status` as the ERROR frame's `ErrorCode`
// (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions-error-subscribe.html).

export function unauthorized(message: string): ServiceError {
  return new ServiceError(401, 'UnauthorizedException', message);
}

export function messageDenied(message: string): ServiceError {
  return new ServiceError(406, 'MessageDeniedException', message);
}

export function fieldTooLarge(message: string): ServiceError {
  return new ServiceError(413, 'FieldTooLargeException', message);
}

export function roomRateExceeded(roomArn: string, limit: number): ServiceError {
  return new ServiceError(429, 'ThrottlingException', `Room rate exceeded: at most ${limit} messages per second (maximumMessageRatePerSecond)`, {
    resourceId: roomArn, resourceType: RESOURCE_TYPE, limit,
  });
}
