import Cluster
import LocalTable

/// A scope's name: pg's scope atom. The scope's server registers under it on its node, and its
/// table is published under it, as pg names both the process and its ETS table after the scope.
/// pg's default scope is called `pg`.
public typealias ScopeName = String

/// What pg's `join` and `leave` take, and what its join and leave messages carry: one pid, or a
/// list of pids.
///
/// The two are not interchangeable in pg. A single pid is prepended as one entry and reported as
/// `[Pid]`; a list is prepended as a block, reported *as passed* (quirk Q2 of Chapters/PGRules.md),
/// and an empty list still creates the group's row (quirk Q1). A remote scope removing the last
/// entry of a group deletes the row for a list, but for a single pid only if that pid was the
/// row's one entry. So the messages keep the distinction, as pg's terms do.
///
/// Encoded as a pid (`"<a.1>"`) or as an array of pids: the shape of Erlang's `PidOrPids`.
public enum PidOrPids: Hashable, Sendable, Codable, CustomStringConvertible {
    case one(Pid)
    case list([Pid])

    /// The pids, in the order given: `[pid]` for ``one(_:)``.
    public var pids: [Pid] {
        switch self {
        case .one(let pid): [pid]
        case .list(let pids): pids
        }
    }

    public var description: String {
        switch self {
        case .one(let pid): "\(pid)"
        case .list(let pids): "[" + pids.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Encodes a pid as a pid, a list as a list, as pg's messages carry them. O(k) for k pids.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let pid): try container.encode(pid)
        case .list(let pids): try container.encode(pids)
        }
    }

    /// Decodes what ``encode(to:)`` wrote: one pid, else a list. O(k) for k pids.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let pid = try? container.decode(Pid.self) {
            self = .one(pid)
        } else {
            self = .list(try container.decode([Pid].self))
        }
    }
}

/// What a `leave` answers (pg's `ok | not_joined`).
public enum LeaveResult: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// At least one of the pids had an entry in the group, and lost one.
    case ok
    /// None of them had one: an unknown group, a pid that is not a member, or an empty list.
    case notJoined

    public var description: String { self == .ok ? "ok" : "not_joined" }
}

/// pg's errors, as the workbook throws them.
public enum PGError: DocumentedError, Hashable, Codable, Sendable, CustomStringConvertible {
    /// `error({nolocal, Bad})`: a pid of another node (or a registered name, which is not a pid)
    /// was given to `join`, `leave` or a monitor. Nothing was done — not even for the local pids
    /// of the same list (rule J1).
    case notLocal(Pid)
    /// `{error, {already_started, Pid}}`: the scope already runs on this node (rule S1).
    case alreadyStarted(ScopeName, Pid)
    /// The scope does not run on this node, so it has no table: pg's `which_groups` raises
    /// `badarg` (rule S4). (`join`, `leave` and the monitors fail with the substrate's
    /// ``Cluster/CallError/noproc(_:)`` instead, as pg's calls exit with `noproc`.)
    case notRunning(ScopeName, NodeName)

    public var description: String {
        switch self {
        case .notLocal(let pid): "nolocal: \(pid) is not a process of this node"
        case .alreadyStarted(let scope, let pid): "already started: scope \(scope) runs as \(pid)"
        case .notRunning(let scope, let node): "scope \(scope) does not run on \(node)"
        }
    }
}
