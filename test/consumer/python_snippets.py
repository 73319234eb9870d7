"""Checks Python snippets as a reader copies them: each must parse, and every name it uses must be defined in
the snippet itself (imported, assigned, a parameter) or be a Python builtin.

Usage: python3 python_snippets.py <file>...  Prints one line per problem; exits 1 when there is any.
"""
import builtins
import symtable
import sys

BUILTINS = set(dir(builtins))


def undefined_names(source: str, filename: str) -> list:
    module = symtable.symtable(source, filename, "exec")
    defined = {s.get_name() for s in module.get_symbols() if s.is_assigned() or s.is_imported()}
    missing = set()

    def visit(table, top):
        for symbol in table.get_symbols():
            name = symbol.get_name()
            if not symbol.is_referenced() or name in BUILTINS:
                continue
            if top:
                if not (symbol.is_assigned() or symbol.is_imported()):
                    missing.add(name)
            elif symbol.is_global() and name not in defined:
                missing.add(name)
        for child in table.get_children():
            visit(child, False)

    visit(module, True)
    return sorted(missing)


def main(paths: list) -> int:
    problems = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        try:
            compile(source, path, "exec")
        except SyntaxError as error:
            print(f"{path}:{error.lineno}: {error.msg}")
            problems += 1
            continue
        for name in undefined_names(source, path):
            print(f"{path}: uses '{name}' without defining or importing it")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
