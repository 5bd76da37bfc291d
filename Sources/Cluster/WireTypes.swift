import Synchronization

/// The types a node will rebuild from a name that arrived over the network: an allow-list.
///
/// Two things travel by type name: a remote function's error (so that a `PG2Error` thrown on
/// node b is caught as a `PG2Error` on node a), and the generic substitutions of a call to a
/// generic distributed function. The obvious way to turn a name back into a type, the runtime's
/// `_typeByName`, is not safe on input from a peer: it parses the string as a mangled name and,
/// on Swift 6.3.1 / Linux, crashes the process on malformed ones (`"$"` is enough). So nothing
/// from the wire ever reaches it. A name is looked up in this table instead, which holds only
/// types this process registered itself; anything else is refused (an error type becomes a
/// ``CallError/remote(_:)`` carrying the description, a substitution a
/// ``CallError/badRequest(_:)``).
///
/// Who registers: the substrate registers its own errors; a server registers the errors its
/// functions throw (chapter 3's server registers `PG2Error`); a node registers every error type
/// it sends itself and every type it substitutes into a call itself — both sides of a cluster
/// run the same build, so what one side sends, the other has registered the same way.
public enum WireTypes {
    private static let known = Mutex<[String: any Any.Type]>(initial())

    private static func initial() -> [String: any Any.Type] {
        var table: [String: any Any.Type] = [:]
        for type in [CallError.self, ProcessError.self] as [any Any.Type] {
            if let name = _mangledTypeName(type) { table[name] = type }
        }
        return table
    }

    /// Allows `type` to be rebuilt from its name. Cost: O(1).
    public static func register(_ type: any Any.Type) {
        guard let name = _mangledTypeName(type) else { return }
        known.withLock { $0[name] = type }
    }

    /// The registered type called `name` (its mangled name), or nil. Cost: O(1); never consults
    /// the runtime.
    public static func type(named name: String) -> (any Any.Type)? {
        known.withLock { $0[name] }
    }

    /// The mangled name under which `type` travels.
    static func name(of type: any Any.Type) -> String? { _mangledTypeName(type) }
}
