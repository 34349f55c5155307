using System.Runtime.InteropServices;

namespace SwitchRole.Core.Storage;

/// <summary>
/// SQLite's column getters called directly, for reading many rows (<see cref="RoleCursor"/>). Through SQLitePCL each call
/// also takes and releases a reference on the statement's SafeHandle and makes a full native transition: a fifth of the
/// host's time for a 10,000-entry list, at some twenty calls per row. These are the same functions of the same library
/// (loaded by name for SQLitePCL's assembly, so through the resolver the host registers for it), on a statement the
/// caller owns; they only read the current row, never block and never call back, which is what
/// <see cref="SuppressGCTransitionAttribute"/> requires.
/// </summary>
internal static unsafe class SqliteColumns
{
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*> s_text;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> s_bytes;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long> s_int64;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> s_type;

#pragma warning disable CA1810 // the four exports are looked up together, once
    static SqliteColumns()
#pragma warning restore CA1810
    {
        var library = NativeLibrary.Load("e_sqlite3", typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, null);
        s_text = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*>)NativeLibrary.GetExport(library, "sqlite3_column_text");
        s_bytes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_bytes");
        s_int64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long>)NativeLibrary.GetExport(library, "sqlite3_column_int64");
        s_type = (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(library, "sqlite3_column_type");
    }

    public static byte* Text(nint statement, int column) => s_text(statement, column);

    public static int Bytes(nint statement, int column) => s_bytes(statement, column);

    public static long Int64(nint statement, int column) => s_int64(statement, column);

    public static int Type(nint statement, int column) => s_type(statement, column);
}
