import Cluster

/// A group's name. pg2 accepts any Erlang term as a name; the workbook uses strings, which keeps
/// every example readable and every ordering obvious.
public typealias GroupName = String

/// pg2's errors, as its API returns them: `{error, {no_such_group, Name}}` and
/// `{error, {no_process, Name}}`.
///
/// `Codable`, so that a remote server can throw one and the caller catch it as itself.
public enum PG2Error: DocumentedError, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The group does not exist in this node's table.
    case noSuchGroup(GroupName)
    /// The group exists but has no member to choose (`get_closest_pid` with nobody in it).
    case noProcess(GroupName)

    public var description: String {
        switch self {
        case .noSuchGroup(let name): "no such group: \(name)"
        case .noProcess(let name): "no process in group \(name)"
        }
    }
}
