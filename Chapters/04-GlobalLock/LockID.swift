import Cluster

/// A lock's identity, as `global` defines it: a resource and the requester that wants it.
///
/// `global:set_lock({ResourceId, LockRequesterId}, Nodes)` locks `ResourceId` for
/// `LockRequesterId`. A lock server grants a request if the resource is free *or already held by
/// the same requester* — so two processes that share a requester id share the lock. pg2 uses
/// `{{pg2, Name}, self()}`: the resource is the group, the requester the calling process, so two
/// writes to one group from different callers exclude each other, and writes to different groups
/// never contend.
public struct LockID: Hashable, Codable, Sendable, CustomStringConvertible {
    /// What is locked, e.g. `pg2:chat`.
    public var resource: String
    /// Who holds it.
    public var requester: Pid

    /// `resource`, locked for `requester`. O(1).
    public init(resource: String, requester: Pid) {
        self.resource = resource
        self.requester = requester
    }

    public var description: String { "{\(resource), \(requester)}" }
}

/// Why a transaction did not run.
public enum LockError: DocumentedError, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The lock could not be set within the allowed retries (`global:trans` returns `aborted`).
    case aborted(LockID)

    public var description: String {
        switch self {
        case .aborted(let id): "aborted: could not lock \(id)"
        }
    }
}
