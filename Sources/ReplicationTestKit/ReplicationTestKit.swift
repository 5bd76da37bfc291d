import Cluster
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Testing

// # Replication's test kit
//
// The helpers of chapter 5's tests and of its exercises: the servers every node runs, the reads
// that compare the nodes, and the calls a write sent, read from the trace. They need the chapter's
// servers, so they live here rather than in ``TestKit``, which every chapter's tests use.

/// What every node runs in this chapter: its pg2 server and its lock server. Call it inside
/// `sim.run`, as pg2's `ensure_started` runs in the caller. O(n) for the n nodes: each server
/// is found, or started, in O(1).
public func startServers(on nodes: [Node]) throws {
    for node in nodes {
        _ = try PG2Server.ensureStarted(on: node)
        _ = try LockServer.ensureStarted(on: node)
    }
}

/// `get_members(Name)` on every node, in node order — equal entries mean the nodes agree. O(n)
/// for the n nodes, plus O(m log m) on a node whose m-member group was written since its last read.
public func membersEverywhere(_ name: GroupName, on nodes: [Node]) throws -> [[Pid]] {
    try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).members(of: name) }
}

/// `which_groups()` on every node, in node order. O(n) for the n nodes, plus O(g log g) on a
/// node of g groups where a group was created or deleted since its last read.
public func groupsEverywhere(on nodes: [Node]) throws -> [[GroupName]] {
    try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).whichGroups() }
}

extension Simulation {
    /// The trace lines from index `start` on (take `trace.lines.count` before a step to see
    /// only what that step sent). O(e) for the trace's e events: every event is made a line.
    public func lines(since start: Int) -> [String] { Array(trace.lines.dropFirst(start)) }
}

/// The call names of the trace's call lines, in order: `LockServer.setLock(_:holder:)`,
/// `PG2Server.join(_:_:)` …, each with the link it crossed, e.g. `a -> b setLock`. O(the lines'
/// total length).
public func calls(in lines: [String]) -> [String] {
    lines.compactMap { line in
        let words = line.split(separator: " ")
        // t=… a -> b call a#1 <b.pg2> PG2Server.join(_:_:) (…)
        guard words.count >= 8, words[2] == "->", words[4] == "call" else { return nil }
        let method = words[7].split(separator: ".").last.map(String.init) ?? ""
        let short = method.split(separator: "(").first.map(String.init) ?? method
        return "\(words[1]) -> \(words[3]) \(short)"
    }
}

/// The invariants OTP's suite checks after every step, on every node: the server's table and
/// monitor rows, and the published table with its read views. O(r log r) on each node, for its
/// table's r rows (one local call to its server, and the table's own check); no message.
public func checkInvariants(on nodes: [Node]) async throws {
    for node in nodes {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants(), "on \(node.name)")
        try ReplicatedPG2<PG2Server>(node: node).table.checkInvariants()
    }
}
