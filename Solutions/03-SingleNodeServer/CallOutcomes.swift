import Cluster
import LocalTable
import WorkbookSupport

/// One call of pg2's API on one node (exercise 3.1), or a process's death.
public enum APICall: Hashable, Sendable, CustomStringConvertible {
    /// `create(Name)`
    case create(GroupName)
    /// `delete(Name)`
    case delete(GroupName)
    /// `join(Name, Pid)`
    case join(GroupName, Pid)
    /// `leave(Name, Pid)`
    case leave(GroupName, Pid)
    /// `get_members(Name)`
    case members(GroupName)
    /// `get_local_members(Name)`
    case localMembers(GroupName)
    /// `which_groups()`
    case whichGroups
    /// Not a call: the process dies (killed), and the node handles its death before the next call.
    case kill(Pid)

    public var description: String {
        switch self {
        case .create(let name): "create(\(name))"
        case .delete(let name): "delete(\(name))"
        case .join(let name, let pid): "join(\(name), \(pid))"
        case .leave(let name, let pid): "leave(\(name), \(pid))"
        case .members(let name): "get_members(\(name))"
        case .localMembers(let name): "get_local_members(\(name))"
        case .whichGroups: "which_groups()"
        case .kill(let pid): "kill \(pid)"
        }
    }
}

/// What one ``APICall`` returned (exercise 3.1).
public enum APIOutcome: Hashable, Sendable, CustomStringConvertible {
    /// A write returned `ok` (and a ``APICall/kill(_:)`` is always `ok`).
    case ok
    /// `get_members` or `get_local_members` returned this list.
    case pids([Pid])
    /// `which_groups` returned this list.
    case groups([GroupName])
    /// The call threw this error.
    case error(PG2Error)

    public var description: String {
        switch self {
        case .ok: "ok"
        case .pids(let pids): "\(pids)"
        case .groups(let names): "\(names)"
        case .error(let error): "error \(error)"
        }
    }
}

/// ## Exercise 3.1 — Which calls fail
///
/// **The situation.** A team is moving a chat service from pg2 to a home-grown registry, and
/// the new registry must answer every call exactly as pg2 did: same results, same errors, in the
/// same situations — clients have years of code that depends on both. Before writing a line of
/// the new registry, they write down pg2's behaviour as a function from calls to outcomes, and
/// check it against pg2 itself on thousands of call sequences.
///
/// **Your task.** Write ``predictOutcomes(of:on:)`` below: for `calls`, made in order on node
/// `node` whose pg2 starts with no groups, predict each call's ``APIOutcome`` — one per call, in
/// order. Edit only this function, and predict from pg2's rules (rules 1–7, 11 and 13 of
/// Chapters/PG2Rules.md) rather than by running the chapter's code: the tests pick the calls, make
/// them on chapter 3's ``SingleNodeServer/PG2`` in a simulation, and compare.
/// - The pids in the calls belong to node `node` and to one other node; every one is a live
///   process until a ``APICall/kill(_:)`` of it, and stays dead afterwards.
/// - Each call returns, and every death it causes is handled, before the next call starts.
///
/// **Why it matters in pg2.** pg2's API has few rules, but each has a reason: `create` is
/// idempotent and never fails; `delete` is `ok` even for a group nobody has; `join` and `leave`
/// fail with `{error, {no_such_group, Name}}` before sending anything when the caller's node lacks
/// the group, and `leave` of a non-member is a quiet `ok`; the reads are sorted lists; a dead
/// member vanishes on its own, and a dead pid may still join. OTP's own suite writes these down the
/// same way: its basic test is a table of calls, each with the result it expects.
///
/// **Hints:** `swift run workbook hint 3.1` (three levels).
public func predictOutcomes(of calls: [APICall], on node: NodeName) throws -> [APIOutcome] {
    // A model of one node's pg2 that keeps only what decides an outcome: which groups exist, each
    // group's pid → count, and which pids are dead. Every rule is one line of the switch.
    var groups: Set<GroupName> = []
    var counts: [GroupName: [Pid: Int]] = [:]
    var dead: Set<Pid> = []
    func list(_ name: GroupName, where keep: (Pid) -> Bool) -> APIOutcome {
        guard groups.contains(name) else { return .error(.noSuchGroup(name)) }
        let members = counts[name] ?? [:]
        return .pids(members.keys.sorted().filter(keep).flatMap { repeatElement($0, count: members[$0]!) })
    }

    var outcomes: [APIOutcome] = []
    for call in calls {
        switch call {
        case .create(let name):
            groups.insert(name)
            outcomes.append(.ok)
        case .delete(let name):
            groups.remove(name)
            counts[name] = nil
            outcomes.append(.ok)
        case .join(let name, let pid):
            guard groups.contains(name) else { outcomes.append(.error(.noSuchGroup(name))); continue }
            // A dead pid joins, then vanishes.
            if !dead.contains(pid) { counts[name, default: [:]][pid, default: 0] += 1 }
            outcomes.append(.ok)
        case .leave(let name, let pid):
            guard groups.contains(name) else { outcomes.append(.error(.noSuchGroup(name))); continue }
            if let count = counts[name]?[pid] { counts[name]![pid] = count > 1 ? count - 1 : nil }
            outcomes.append(.ok)
        case .members(let name):
            outcomes.append(list(name) { _ in true })
        case .localMembers(let name):
            outcomes.append(list(name) { $0.node == node })
        case .whichGroups:
            outcomes.append(.groups(groups.sorted()))
        case .kill(let pid):
            dead.insert(pid)
            for name in counts.keys { counts[name]![pid] = nil }
            outcomes.append(.ok)
        }
    }
    return outcomes
}
