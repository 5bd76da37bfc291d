import Cluster
import Distributed
import Exchange
import LocalTable
import Monitors
import PG
import PGExercises
import Testing

/// One bug a ``PlantedScope`` carries.
enum PlantedBug: String, Sendable, CaseIterable {
    // 7.1: syncs that merge.
    /// A sync from a known peer adds what is missing (each pid's count becomes the larger of
    /// known and reported) and removes nothing — pg2's `store/1`.
    case syncTakesTheMaximum
    /// A sync from a known peer replaces the groups it reports, but keeps the ones it leaves out.
    case syncKeepsUnreportedGroups
    /// A lost peer's entries are kept (its DOWN is ignored), and its later syncs are merged by
    /// the maximum — pg2's whole way.
    case keepsLostPeersAndMerges
    // 7.2: leave messages that name groups the peer was never told about.
    /// A member's exit is relayed as a leave of every group of the scope on this node.
    case exitNamesEveryGroup
    /// A member's exit is relayed naming the groups it joined and also those it has left.
    case exitNamesGroupsItLeft
    /// A leave answered `not_joined` is relayed anyway.
    case relaysLeavesThatFoundNothing

    /// What the bug is, in the reader's words.
    var name: String {
        switch self {
        case .syncTakesTheMaximum: "a sync that merges counts as the maximum and removes nothing (pg2's store)"
        case .syncKeepsUnreportedGroups: "a sync that replaces the groups it reports and keeps those it leaves out"
        case .keepsLostPeersAndMerges: "a scope that keeps a lost peer's members and merges its next sync (pg2's way)"
        case .exitNamesEveryGroup: "an exit relayed as a leave of every group of the node"
        case .exitNamesGroupsItLeft: "an exit relayed naming also the groups the member had left"
        case .relaysLeavesThatFoundNothing: "a leave that found nothing (not_joined) relayed anyway"
        }
    }

    /// A pg whose scopes carry this bug.
    var subject: PGSubject { PlantedScope.subject(self) }
}

/// The bug a node's ``PlantedScope`` carries, published on the node before the scope starts.
final class PlantedBugNote: Sendable {
    static let tableName = "planted_pg_bug"
    let bug: PlantedBug
    init(_ bug: PlantedBug) { self.bug = bug }
}

/// A scope like chapter 7's ``PG/Scope`` — the same ``PG/ScopeState`` behind it, the same
/// messages, the same subscription to node events and the same monitors — with one bug planted in
/// what it does with them.
distributed actor PlantedScope {
    typealias ActorSystem = Node

    private var state: ScopeState
    private let bug: PlantedBug
    /// For ``PlantedBug/exitNamesGroupsItLeft``: the groups each local member has left.
    private var left: [Pid: [GroupName]] = [:]

    init(scope: ScopeName, actorSystem: Node) {
        self.actorSystem = actorSystem
        bug = actorSystem.table(PlantedBugNote.tableName, as: PlantedBugNote.self)?.bug ?? .syncTakesTheMaximum
        let table = ScopeTable(scope: scope, localNode: actorSystem.name)
        state = ScopeState(scope: scope, me: id, table: table)
        guard id.isWellKnown else { return }
        actorSystem.publishTable(table, as: scope, owner: id)
        actorSystem.monitorNodes(for: self, nodeUp: { scope, peer in scope.nodeUp(peer) })
    }

    private var isCurrent: Bool { id.isWellKnown && actorSystem.isCurrent(self) }

    // MARK: Local calls

    func joinLocal(_ group: GroupName, _ pids: PidOrPids) {
        guard isCurrent else { return }
        send(state.joinLocal(group, pids, monitoring: monitors))
    }

    func leaveLocal(_ group: GroupName, _ pids: PidOrPids) -> LeaveResult {
        guard isCurrent else { return .notJoined }
        let (result, out) = state.leaveLocal(group, pids, monitoring: monitors)
        switch (bug, result) {
        case (.relaysLeavesThatFoundNothing, .notJoined):
            send(state.broadcast(.leave(peer: id, pids: pids, groups: [group])))
        case (.exitNamesGroupsItLeft, .ok):
            for pid in pids.pids { left[pid, default: []].append(group) }
            send(out)
        default:
            send(out)
        }
        return result
    }

    // MARK: Peer messages

    distributed func discover(_ peer: Pid) {
        guard isCurrent else { return }
        send(state.discover(from: peer, monitoring: monitors))
    }

    distributed func sync(_ peer: Pid, _ groups: [GroupSnapshot]) {
        guard isCurrent else { return }
        guard let known = state.peers[peer] else {
            state.sync(from: peer, groups: groups, monitoring: monitors)
            return
        }
        switch bug {
        case .syncTakesTheMaximum, .keepsLostPeersAndMerges:
            for snapshot in groups {
                let missing = Merge.difference(snapshot.members, known.groups[snapshot.name] ?? [])
                if !missing.isEmpty { state.join(from: peer, snapshot.name, .list(missing)) }
            }
        case .syncKeepsUnreportedGroups:
            let reported = Set(groups.map(\.name))
            let kept = known.groups.keys.sorted().filter { !reported.contains($0) }
                .map { GroupSnapshot(name: $0, members: known.groups[$0]!) }
            state.sync(from: peer, groups: groups + kept, monitoring: monitors)
        default:
            state.sync(from: peer, groups: groups, monitoring: monitors)
        }
    }

    distributed func join(_ peer: Pid, _ group: GroupName, _ pids: PidOrPids) {
        guard isCurrent else { return }
        state.join(from: peer, group, pids)
    }

    distributed func leave(_ peer: Pid, _ pids: PidOrPids, _ groups: [GroupName]) {
        guard isCurrent else { return }
        do {
            try state.leave(from: peer, pids, groups: groups)
        } catch {
            actorSystem.exit(id, reason: .other("\(error)"))
        }
    }

    // MARK: Events and DOWN

    func nodeUp(_ node: NodeName) {
        guard isCurrent else { return }
        send(state.nodeUp(node))
    }

    func handle(_ down: Down) {
        guard isCurrent else { return }
        if bug == .keepsLostPeersAndMerges, state.peers[down.pid]?.ref == down.ref { return }
        let member = state.local[down.pid].flatMap { $0.ref == down.ref ? $0 : nil }
        let everyGroup = state.table.groups()
        let out = state.down(down, monitoring: monitors)
        guard let member else { return send(out) }
        let named: [GroupName] =
            switch bug {
            case .exitNamesEveryGroup: everyGroup
            case .exitNamesGroupsItLeft: member.groups + (left.removeValue(forKey: down.pid) ?? [])
            default: member.groups
            }
        send(state.broadcast(.leave(peer: id, pids: .one(down.pid), groups: named)))
    }

    // MARK: Sending and monitoring, as chapter 7's scope

    private func send(_ outgoing: [Outgoing]) {
        let node = actorSystem
        for item in outgoing {
            guard let peer = try? node.resolve(item.to, as: PlantedScope.self) else { continue }
            switch item.message {
            case .discover(let me): node.cast(peer) { try await $0.discover(me) }
            case .sync(let me, let groups): node.cast(peer) { try await $0.sync(me, groups) }
            case .join(let me, let group, let pids): node.cast(peer) { try await $0.join(me, group, pids) }
            case .leave(let me, let pids, let groups): node.cast(peer) { try await $0.leave(me, pids, groups) }
            }
        }
    }

    private var monitors: NodeMonitors { NodeMonitors(for: self) { scope, down in scope.handle(down) } }

    /// A pg whose scopes carry `bug`.
    static func subject(_ bug: PlantedBug) -> PGSubject {
        let scope = PGSubject.scope
        @Sendable func local(_ node: Node) throws -> PlantedScope {
            let pid = PGSubject.scopePid(on: node)
            guard let actor = try? node.resolve(pid, as: PlantedScope.self), !__isRemoteActor(actor) else {
                throw CallError.noproc(pid)
            }
            return actor
        }
        return PGSubject(
            start: { node in
                node.publishTable(PlantedBugNote(bug), as: PlantedBugNote.tableName)
                try node.register(scope) { PlantedScope(scope: scope, actorSystem: node) }
            },
            join: { group, pids, node in
                for pid in pids where pid.node != node.name { throw PGError.notLocal(pid) }
                try await node.callLocal(scope, as: PlantedScope.self) { $0.joinLocal(group, .list(pids)) }
            },
            leave: { group, pids, node in
                for pid in pids where pid.node != node.name { throw PGError.notLocal(pid) }
                return try await node.callLocal(scope, as: PlantedScope.self) { $0.leaveLocal(group, .list(pids)) }
            },
            members: PGSubject.pg.members,
            groups: PGSubject.pg.groups,
            isRunning: PGSubject.pg.isRunning,
            deliver: { message, node in
                let target = try local(node)
                switch message {
                case .discover(let peer): try await target.discover(peer)
                case .sync(let peer, let groups): try await target.sync(peer, groups)
                case .join(let peer, let group, let pids): try await target.join(peer, group, pids)
                case .leave(let peer, let pids, let groups): try await target.leave(peer, pids, groups)
                }
            })
    }
}
