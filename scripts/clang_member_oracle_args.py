"""compile_commands.json entries -> libclang arguments, and loading libclang (used by clang-member-oracle)."""
import json
import os
import re
import shlex

LIBCLANG_CANDIDATES = ("/usr/lib/llvm-14/lib/libclang-14.so.1", "/usr/lib/llvm-14/lib/libclang.so.1")

# Options gcc takes and clang 14 rejects or would trip over; (name, takes a separate value).
DROP_EXACT = {
    "-c": False, "-o": True, "-MF": True, "-MT": True, "-MQ": True, "-MD": False, "-MMD": False,
    "-MP": False, "-M": False, "-MM": False,
    "-mindirect-branch-register": False, "-fconserve-stack": False, "-fno-allow-store-data-races": False,
    "-fno-var-tracking-assignments": False, "-mrecord-mcount": False, "-mskip-rax-setup": False,
    "-fno-ipa-sra": False, "-fno-tree-loop-im": False, "-fno-reorder-blocks": False,
    "-fno-ipa-cp-clone": False, "-fno-partial-inlining": False, "-fsched-pressure": False,
    "-fno-code-hoisting": False, "-mno-fp-ret-in-387": False,
}
DROP_PREFIX = (
    "-Wp,-M", "-Werror", "-mindirect-branch=", "-mfunction-return=", "-mharden-sls=", "-fplugin",
    "--param", "-falign-jumps=", "-falign-loops=", "-fmin-function-alignment=", "-fpatchable-function-entry=",
    "-mpreferred-stack-boundary=", "-fzero-call-used-regs=", "-fstack-protector-guard",
    "-fsanitize-coverage=", "-fdiagnostics-show-", "-ftrivial-auto-var-init",
)
UNKNOWN = re.compile(r"(?:unknown argument|unsupported option|unsupported argument '[^']*' to option)"
                     r":? '([^']+)'")


class MissingEnvironment(Exception):
    pass


def load_clang():
    try:
        import clang.cindex as ci
    except ImportError as e:
        raise MissingEnvironment(f"python3-clang-14 is missing ({e}); run with /usr/bin/python3") from e
    override = os.environ.get("KLAS_LIBCLANG")
    candidates = (override,) if override else LIBCLANG_CANDIDATES
    for lib in candidates:
        if os.path.exists(lib):
            ci.Config.set_library_file(lib)
            return ci
    raise MissingEnvironment(f"libclang not found (looked for {', '.join(candidates)}; package libclang1-14)")


class Entry:
    def __init__(self, directory, file, argv):
        self.directory = directory
        self.file = file
        self.argv = argv


class CompileCommands:
    def __init__(self, by_path):
        self.by_path = by_path

    @staticmethod
    def load(path):
        with open(path, encoding="utf-8") as fh:
            raw = json.load(fh)
        if not isinstance(raw, list):
            raise ValueError("not a JSON array of compile commands")
        by_path = {}
        for item in raw:
            directory = item["directory"]
            file = os.path.realpath(os.path.join(directory, item["file"]))
            argv = item["arguments"] if "arguments" in item else shlex.split(item["command"])
            by_path[file] = Entry(directory, file, argv)
        return CompileCommands(by_path)

    def find(self, path):
        return self.by_path.get(os.path.realpath(path))


def resolve_source(src, root):
    if os.path.isabs(src) or os.path.exists(src):
        return os.path.abspath(src)
    return os.path.join(root, src)


def display_path(path, root):
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def clang_arguments(entry):
    """The entry's compiler arguments minus the compiler, the source and what clang rejects."""
    out = []
    args = entry.argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in DROP_EXACT:
            i += 1 if DROP_EXACT[a] else 0
            continue
        if a.startswith(DROP_PREFIX):
            continue
        if os.path.realpath(os.path.join(entry.directory, a)) == entry.file:
            continue
        out.append(a)
    return out


def parse(ci, index, entry):
    """Parses entry.file; returns (tu, error messages). Drops options clang reports as unknown and retries."""
    args = clang_arguments(entry)
    options = ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD
    cwd = os.getcwd()
    os.chdir(entry.directory)
    try:
        for _ in range(4):
            tu = index.parse(entry.file, args=args, options=options)
            rejected = {m.group(1) for d in tu.diagnostics for m in [UNKNOWN.search(d.spelling)] if m}
            if not rejected:
                break
            args = [a for a in args if a not in rejected and a.split("=")[0] not in rejected]
    finally:
        os.chdir(cwd)
    errors = [f"{_where(d)}: {d.spelling}" for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]
    return tu, errors


def _where(diag):
    loc = diag.location
    return f"{loc.file.name}:{loc.line}:{loc.column}" if loc.file else "(driver)"
