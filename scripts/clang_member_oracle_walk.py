"""Walks a libclang translation unit and collects the member accesses of its main file (clang-member-oracle)."""
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


class _SameFile:
    """Compares libclang file names with the main file, caching realpath per distinct name."""

    def __init__(self, main):
        self.main = os.path.realpath(main)
        self.seen = {}

    def __call__(self, name):
        if name is None:
            return False
        hit = self.seen.get(name)
        if hit is None:
            hit = self.seen[name] = os.path.realpath(name) == self.main
        return hit


def member_accesses(ci, tu, main_file):
    """Rows (line, col, struct, member, macro) sorted; see clang-member-oracle --help for the semantics."""
    file_location = _file_location_fn(ci)
    in_main = _SameFile(main_file)
    macro_at = {}
    tops = []
    for top in tu.cursor.get_children():
        if not in_main(top.location.file.name if top.location.file else None):
            continue
        if top.kind == ci.CursorKind.MACRO_INSTANTIATION:
            macro_at[(top.location.line, top.location.column)] = top.spelling
        else:
            tops.append(top)
    rows = []
    member_ref = ci.CursorKind.MEMBER_REF_EXPR
    for top in tops:
        for node in top.walk_preorder():
            if node.kind != member_ref or not node.spelling:
                continue
            fname, line, col = file_location(node.location)
            if not in_main(fname):
                continue
            field = node.referenced
            struct = _record_name(ci, field.semantic_parent) if field is not None else ANONYMOUS
            rows.append((line, col, struct, node.spelling, macro_at.get((line, col), "-")))
    rows.sort()
    return rows
