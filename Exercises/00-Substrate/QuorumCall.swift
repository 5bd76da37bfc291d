import Cluster
import Distributed
import WorkbookSupport

/// ## Exercise 0.3 — A quorum call
///
/// **The situation.** A feature-flag service keeps a copy of every flag on five nodes. A write
/// must reach a majority before it is acknowledged, and a slow node — a long garbage collection,
/// a congested link — must not hold every write up: three answers out of five are enough. The
/// substrate's ``Node/multicall(_:_:as:timeout:_:)`` cannot do that: it returns when *every*
/// node has answered or failed.
///
/// **Your task.** Implement ``quorumCall(from:to:_:as:quorum:timeout:_:)`` below, from the
/// substrate's public API. Edit only that function.
/// - Run `body` on the actor registered as `name` on every node in `nodes`, all at once (the
///   caller's own node may be one of them): one round trip in all, not one per node.
/// - Return as soon as `quorum` of them have replied: those replies, sorted by node, and the
///   failures seen so far. The calls still out go on by themselves; their replies are dropped.
/// - A node that cannot answer is a failure: not connected, nothing registered as `name`, the
///   call threw, or no reply within `timeout` (nil: wait as long as the connection lasts). As
///   soon as so many have failed that `quorum` replies can no longer come, throw
///   ``QuorumOutOfReach`` — do not wait for the rest. A `quorum` above `nodes.count` is out of
///   reach at once; a `quorum` below 1 is a programming error.
/// - Start tasks with ``Node/spawn(_:)``, never `Task { }`; wait with a ``Mailbox``. The tests
///   run on the simulator with fixed message delays and measure the virtual time your call takes.
///
/// **Why it matters in pg2.** pg2 sends every write to every node with `gen_server:multi_call`,
/// whose timeout is `infinity`: a write returns when the slowest node has answered or its
/// connection has dropped, and meanwhile it holds the cluster-wide lock (chapters 4 and 5), so
/// one slow node stalls every write in the cluster. Erlang's `multi_call` could not return early
/// even if it wanted to: it collects replies in a helper process until all are in. Quorum
/// systems (Riak's `w`, Raft's majority) answer at the k-th reply; the price is that the others
/// may not have the write yet — exactly the kind of disagreement pg2 avoids by waiting for all.
///
/// **Hints:** `swift run workbook hint 0.3` (three levels).
public func quorumCall<Act: DistributedActor, Value: Sendable>(
    from node: Node, to nodes: [NodeName], _ name: String, as actorType: Act.Type, quorum: Int,
    timeout: Duration? = nil, _ body: @escaping @Sendable (Act) async throws -> Value
) async throws -> QuorumReplies<Value> where Act.ActorSystem == Node {
    // TODO(0.3): call every node at once; return at the quorum-th reply, throw once it is out of reach.
    throw TODO(
        "0.3: call every node at once, return as soon as `quorum` replied, give up as soon as that cannot happen")
}

/// The outcome of a ``quorumCall(from:to:_:as:quorum:timeout:_:)`` that reached its quorum.
public struct QuorumReplies<Value: Sendable>: Sendable {
    /// The first `quorum` replies to arrive, sorted by node.
    public var replies: [(node: NodeName, value: Value)]
    /// The nodes that had failed by then, and why.
    public var failures: [NodeName: String]

    public init(replies: [(node: NodeName, value: Value)], failures: [NodeName: String]) {
        self.replies = replies
        self.failures = failures
    }
}

/// A quorum call could not reach its quorum: too many nodes failed.
public struct QuorumOutOfReach: Error, DocumentedError, CustomStringConvertible {
    /// How many replies were needed.
    public let quorum: Int
    /// The nodes that had replied, sorted.
    public let replied: [NodeName]
    /// The nodes that had failed, and why.
    public let failures: [NodeName: String]

    public init(quorum: Int, replied: [NodeName], failures: [NodeName: String]) {
        self.quorum = quorum
        self.replied = replied
        self.failures = failures
    }

    public var description: String {
        "quorum of \(quorum) out of reach: replied \(replied), failed \(failures.keys.sorted())"
    }
}
