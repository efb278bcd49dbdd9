"""Walks a libclang translation unit and collects the member accesses of its main file and, when asked, of the
function definitions in its headers (clang-member-oracle)."""
import ctypes
import os

ANONYMOUS = "(anonymous)"


def _file_location_fn(ci):
    """clang_getFileLocation (SourceManager::getFileLoc): spelling for macro arguments, else expansion."""
    fn = ci.conf.lib.clang_getFileLocation
    fn.argtypes = [ci.SourceLocation, ctypes.POINTER(ci.c_object_p), ctypes.POINTER(ctypes.c_uint),
                   ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint)]
    fn.restype = None

    def file_location(loc):
        f, line, col, off = ci.c_object_p(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        fn(loc, ctypes.byref(f), ctypes.byref(line), ctypes.byref(col), ctypes.byref(off))
        return (ci.File(f).name if f else None), line.value, col.value

    return file_location


def _record_name(ci, record):
    """Tag, else typedef name of a tagless record, else the nearest named enclosing record."""
    record_kinds = (ci.CursorKind.STRUCT_DECL, ci.CursorKind.UNION_DECL)
    while record is not None and record.kind in record_kinds:
        if record.spelling:
            return record.spelling
        spelled = record.type.spelling
        if spelled and "(" not in spelled:
            return spelled.split(" ")[-1]
        record = record.semantic_parent
    return ANONYMOUS


class _RealPaths:
    """libclang file names (relative ones to the compile directory) to real paths, cached per distinct name."""

    def __init__(self, directory):
        self.directory = directory
        self.seen = {}

    def __call__(self, name):
        if name is None:
            return None
        real = self.seen.get(name)
        if real is None:
            real = self.seen[name] = os.path.realpath(os.path.join(self.directory, name))
        return real


def member_accesses(ci, tu, main_file, directory, headers=False, skip=frozenset()):
    """Rows (file, line, col, struct, member, macro), file a real path, sorted; see clang-member-oracle --help.

    Without headers only the main file's accesses. With headers also those located in the function definitions
    of every other file the unit reads (static inline functions of headers), except in files listed in skip.
    Returns (rows, the header files whose function definitions were walked)."""
    file_location = _file_location_fn(ci)
    real = _RealPaths(directory)
    main = os.path.realpath(main_file)
    skip = skip - {main}
    macro_at = {}
    tops = []
    walked = set()
    for top in tu.cursor.get_children():
        file = real(top.location.file.name if top.location.file else None)
        if file is None or file in skip or (file != main and not headers):
            continue
        if top.kind == ci.CursorKind.MACRO_INSTANTIATION:
            macro_at[(file, top.location.line, top.location.column)] = top.spelling
        elif file == main:
            tops.append(top)
        elif top.kind == ci.CursorKind.FUNCTION_DECL and top.is_definition():
            tops.append(top)
            walked.add(file)
    rows = []
    member_ref = ci.CursorKind.MEMBER_REF_EXPR
    for top in tops:
        for node in top.walk_preorder():
            if node.kind != member_ref or not node.spelling:
                continue
            fname, line, col = file_location(node.location)
            file = real(fname)
            if file is None or file in skip or (file != main and not headers):
                continue
            field = node.referenced
            struct = _record_name(ci, field.semantic_parent) if field is not None else ANONYMOUS
            rows.append((file, line, col, struct, node.spelling, macro_at.get((file, line, col), "-")))
    rows.sort()
    return rows, walked
