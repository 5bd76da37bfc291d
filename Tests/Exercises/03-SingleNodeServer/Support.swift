import Cluster
import LocalTable
import Monitors
import SingleNodeServer
import SingleNodeServerExercises
import Synchronization
import TestKit
import Testing

// MARK: Exercise 3.2 — planted picks

/// The bugs planted in copies of chapter 3's closest pick.
enum PickBug: CaseIterable {
    case ignoresCounts, ignoresLocality, alwaysFirst, noFallback

    var name: String {
        switch self {
        case .ignoresCounts: "picks among the distinct pids, ignoring how often each joined"
        case .ignoresLocality: "picks among all members, local or not"
        case .alwaysFirst: "picks the first candidate every time"
        case .noFallback: "throws noProcess when no member is local, instead of picking a remote one"
        }
    }
}

/// A table of node a with chapter 3's closest pick, or a planted copy with `bug`, drawing from a
/// generator seeded with `seed`.
final class PlantedPicker {
    private let table = GroupTable(localNode: "a")
    private var random: NodeRandom
    private let bug: PickBug?

    init(seed: UInt64, bug: PickBug?) {
        random = NodeRandom(seed: seed)
        self.bug = bug
    }

    var subject: PickerUnderTest {
        PickerUnderTest(
            node: table.localNode, create: { self.table.assureGroup($0) },
            join: { if self.table.hasGroup($0) { self.table.joinGroup($0, $1) } },
            leave: { self.table.leaveGroup($0, $1) }, pick: { try self.pick($0) })
    }

    private func pick(_ name: GroupName) throws -> Pid {
        guard let bug else { return try ClosestMember.choose(in: name, table: table, using: &random) }
        let local = try table.localMembers(of: name), all = try table.members(of: name)
        let candidates: [Pid]
        switch bug {
        case .ignoresCounts: candidates = Set(local.isEmpty ? all : local).sorted()
        case .ignoresLocality: candidates = all
        case .alwaysFirst: candidates = Array((local.isEmpty ? all : local).prefix(1))
        case .noFallback: candidates = local
        }
        guard let pick = candidates.randomElement(using: &random) else { throw PG2Error.noProcess(name) }
        return pick
    }
}

// MARK: Exercise 3.3 — planted servers

/// The bugs planted in copies of chapter 3's pg2.
enum ServerBug: CaseIterable {
    case joinSkipsGroupCheck, createResets, deleteUnknownFails, deafToDeaths

    var name: String {
        switch self {
        case .joinSkipsGroupCheck: "join returns ok for a group that does not exist"
        case .createResets: "create of an existing group empties it"
        case .deleteUnknownFails: "delete of an unknown group throws noSuchGroup"
        case .deafToDeaths: "the server ignores its monitors' DOWNs"
        }
    }
}

/// Processes spawned for a scenario, kept alive until the simulation ends (a process here also
/// ends when its last reference goes).
final class Processes: Sendable {
    private let list = Mutex<[ProcessActor]>([])

    func spawn(on node: Node) -> Pid {
        let process = node.spawnProcess()
        list.withLock { $0.append(process) }
        return process.id
    }
}

/// A pg2 server that never hears of a death: chapter 3's server state (``Memberships``) behind a
/// lock, with monitors whose DOWNs go nowhere.
final class DeafPG2: Sendable {
    private let node: Node
    private let core: Mutex<Memberships>

    init(node: Node) {
        self.node = node
        core = Mutex(Memberships(node: node, server: Pid(node: node.name, serial: 1_000_000)))
    }

    private var table: GroupTable { core.withLock { $0.table } }
    private func monitors() -> NodeMonitors { NodeMonitors(node: node) { _ in } }

    func create(_ name: GroupName) { core.withLock { $0.create(name) } }
    func delete(_ name: GroupName) { core.withLock { $0.delete(name, monitoring: monitors()) } }
    func join(_ name: GroupName, _ pid: Pid) throws {
        guard table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
        core.withLock { $0.join(name, pid, monitoring: monitors()) }
    }
    func leave(_ name: GroupName, _ pid: Pid) throws {
        guard table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
        _ = core.withLock { $0.leave(name, pid, monitoring: monitors()) }
    }
    func members(of name: GroupName) throws -> [Pid] { try table.members(of: name) }
    func whichGroups() -> [GroupName] { table.groups() }
}

/// Node `node`'s pg2 in `sim` as a scenario drives it: chapter 3's, or a planted copy with `bug`.
func plantedPG2(on node: Node, in sim: Simulation, bug: ServerBug?) -> PG2UnderTest {
    let pg2 = PG2(node: node), processes = Processes()
    let spawn: @Sendable () -> Pid = { processes.spawn(on: node) }
    let kill: @Sendable (Pid) async throws -> Void = { pid in
        sim.kill(pid)
        try await node.clock.sleep(for: .milliseconds(10))
    }
    if bug == .deafToDeaths {
        let deaf = DeafPG2(node: node)
        return PG2UnderTest(
            node: node.name, create: { deaf.create($0) }, delete: { deaf.delete($0) }, join: { try deaf.join($0, $1) },
            leave: { try deaf.leave($0, $1) }, members: { try deaf.members(of: $0) },
            whichGroups: { deaf.whichGroups() }, spawn: spawn, kill: kill)
    }
    return PG2UnderTest(
        node: node.name,
        create: { name in
            if bug == .createResets, try pg2.table.hasGroup(name) { try await pg2.delete(name) }
            try await pg2.create(name)
        },
        delete: { name in
            if bug == .deleteUnknownFails, try !pg2.table.hasGroup(name) { throw PG2Error.noSuchGroup(name) }
            try await pg2.delete(name)
        },
        join: { name, pid in
            guard bug == .joinSkipsGroupCheck else { return try await pg2.join(name, pid) }
            try await PG2Server.ensureStarted(on: node).join(name, pid)  // the server skips it quietly
        },
        leave: { try await pg2.leave($0, $1) }, members: { try pg2.members(of: $0) },
        whichGroups: { try pg2.whichGroups() }, spawn: spawn, kill: kill)
}
