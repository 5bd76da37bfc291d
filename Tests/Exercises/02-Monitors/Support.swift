import Cluster
import LocalTable
import Monitors
import MonitorsExercises
import TestKit
import Testing

// MARK: A fake node

/// A node's monitors without a node: processes that live until killed, monitors that fire, and
/// a count of every monitor taken and released. Used synchronously, from one test.
final class FakeNode: MonitorService {
    private(set) var dead: Set<Pid> = []
    /// Monitors taken and neither released nor fired.
    private(set) var live: [MonitorRef: Pid] = [:]
    /// Monitors that fired and whose DOWN the membership logic has not handled yet, in order.
    private var fired: [MonitorRef] = []
    private var nextSerial: UInt64 = 0
    /// Every `monitor` call, in order.
    private(set) var monitorCalls: [Pid] = []
    /// Every `demonitor` call, in order.
    private(set) var demonitorCalls: [MonitorRef] = []

    /// The pids with a live monitor, sorted, one entry per monitor.
    var monitoredPids: [Pid] { live.values.sorted() }

    func monitor(_ pid: Pid) -> MonitorRef {
        nextSerial += 1
        let ref = MonitorRef.fake(serial: nextSerial)
        monitorCalls.append(pid)
        if dead.contains(pid) { fired.append(ref) } else { live[ref] = pid }  // noproc at once
        return ref
    }

    func demonitor(_ ref: MonitorRef) {
        demonitorCalls.append(ref)
        live[ref] = nil
        fired.removeAll { $0 == ref }  // pg2's demonitor(Ref, [flush])
    }

    /// Kills `pid`: each live monitor on it fires.
    func kill(_ pid: Pid) {
        guard dead.insert(pid).inserted else { return }
        for (ref, watched) in live.sorted(by: { $0.key < $1.key }) where watched == pid {
            live[ref] = nil
            fired.append(ref)
        }
    }

    /// The next DOWN to handle, if any.
    func nextDown() -> MonitorRef? { fired.isEmpty ? nil : fired.removeFirst() }
}

// MARK: The membership logic, real and planted

/// What a node's membership logic does, so that the real one and the planted copies can be driven
/// alike.
protocol MembershipLogic {
    mutating func create(_ name: GroupName)
    mutating func join(_ name: GroupName, _ pid: Pid, node: FakeNode)
    mutating func leave(_ name: GroupName, _ pid: Pid, node: FakeNode)
    mutating func delete(_ name: GroupName, node: FakeNode)
    mutating func memberDied(_ ref: MonitorRef, node: FakeNode)
    func hasGroup(_ name: GroupName) -> Bool
    func members(of name: GroupName) -> [Pid]
    func checkInvariants() throws
    var isEmpty: Bool { get }
}

/// Chapter 2's ``Memberships`` over node a's table.
struct RealMemberships: MembershipLogic {
    var memberships = Memberships(table: GroupTable(localNode: "a"))

    mutating func create(_ name: GroupName) { memberships.table.assureGroup(name) }
    mutating func join(_ name: GroupName, _ pid: Pid, node: FakeNode) { memberships.join(name, pid, monitoring: node) }
    mutating func leave(_ name: GroupName, _ pid: Pid, node: FakeNode) {
        memberships.leave(name, pid, monitoring: node)
    }
    mutating func delete(_ name: GroupName, node: FakeNode) { memberships.delete(name, monitoring: node) }
    mutating func memberDied(_ ref: MonitorRef, node: FakeNode) { memberships.memberDied(ref, monitoring: node) }
    func hasGroup(_ name: GroupName) -> Bool { memberships.table.hasGroup(name) }
    func members(of name: GroupName) -> [Pid] { memberships.table.rows.members(of: name) }
    func checkInvariants() throws { try memberships.checkInvariants() }
    var isEmpty: Bool { memberships.isEmpty }
}

/// The bugs planted in copies of chapter 2's membership logic.
enum MembershipBug: CaseIterable {
    // Exercise 2.1: a monitor released while its pid is still a member.
    case leaveCountsNonMembers, leaveReleasesPerGroup
    // Exercise 2.2: something left behind.
    case joinMonitorsEveryTime, deathLeavesOncePerGroup, deathKeepsMonitorRows, deleteKeepsMonitors

    /// What the bug is, as a failure message names it.
    var name: String {
        switch self {
        case .leaveCountsNonMembers: "OTP-7277: a leave counts the monitor down even for a group the pid is not in"
        case .leaveReleasesPerGroup: "a pid's last leave from one group releases its monitor, though it is in others"
        case .joinMonitorsEveryTime: "every join takes a monitor, not only a pid's first"
        case .deathLeavesOncePerGroup: "a death leaves each group once, whatever the pid's count there"
        case .deathKeepsMonitorRows: "a death removes the memberships but keeps the pid's monitor rows"
        case .deleteKeepsMonitors: "a delete removes the memberships but releases no monitor"
        }
    }
}

/// Chapter 2's logic rewritten over plain rows, with `bug` planted — or none: then it behaves as
/// ``Memberships`` does, and can start from given rows (exercise 2.4 repairs rows and drives them).
struct PlantedMemberships: MembershipLogic {
    let bug: MembershipBug?
    var rows = GroupRows(localNode: "a")
    var monitors = MonitorRows()

    mutating func create(_ name: GroupName) { rows.assureGroup(name) }

    mutating func join(_ name: GroupName, _ pid: Pid, node: FakeNode) {
        if bug == .joinMonitorsEveryTime || monitors.byPid[pid] == nil {
            let ref = node.monitor(pid)
            monitors.byRef[ref] = pid
            monitors.byPid[pid] = MonitorRows.Row(ref: ref, total: (monitors.byPid[pid]?.total ?? 0) + 1)
        } else {
            monitors.byPid[pid]!.total += 1
        }
        rows.joinGroup(name, pid)
    }

    mutating func leave(_ name: GroupName, _ pid: Pid, node: FakeNode) {
        let left = rows.leaveGroup(name, pid)
        switch bug {
        case .leaveCountsNonMembers: countLeaves(pid, 1, node: node)
        case .leaveReleasesPerGroup where left == 0: release(pid, node: node)
        default: if left != nil { countLeaves(pid, 1, node: node) }
        }
    }

    mutating func delete(_ name: GroupName, node: FakeNode) {
        guard rows.hasGroup(name) else { return }
        let leaves = rows.deleteGroup(name)
        guard bug != .deleteKeepsMonitors else { return }
        for pid in Set(leaves).sorted() { countLeaves(pid, leaves.filter { $0 == pid }.count, node: node) }
    }

    mutating func memberDied(_ ref: MonitorRef, node: FakeNode) {
        guard let pid = monitors.byRef[ref] else { return }
        var removed = 0
        for name in rows.groups(of: pid) {
            if bug == .deathLeavesOncePerGroup {
                rows.leaveGroup(name, pid)
                removed += 1
            } else {
                removed += rows.removeMember(name, pid)
            }
        }
        if bug != .deathKeepsMonitorRows { countLeaves(pid, removed, node: node) }
    }

    private mutating func countLeaves(_ pid: Pid, _ count: Int, node: FakeNode) {
        guard count > 0, var row = monitors.byPid[pid] else { return }
        row.total -= count
        if row.total > 0 { monitors.byPid[pid] = row } else { release(pid, node: node) }
    }

    private mutating func release(_ pid: Pid, node: FakeNode) {
        guard let row = monitors.byPid.removeValue(forKey: pid) else { return }
        monitors.byRef[row.ref] = nil
        node.demonitor(row.ref)
    }

    func hasGroup(_ name: GroupName) -> Bool { rows.hasGroup(name) }
    func members(of name: GroupName) -> [Pid] { rows.members(of: name) }
    func checkInvariants() throws {
        try rows.checkInvariants()
        try monitors.checkInvariants(against: rows)
    }
    var isEmpty: Bool { rows.memberCounts.isEmpty && monitors.isEmpty }
}

/// A fake node running some membership logic: the harness of exercises 2.1–2.4.
final class PlantedNode {
    let fake: FakeNode
    private(set) var logic: any MembershipLogic

    init(_ logic: any MembershipLogic, fake: FakeNode = FakeNode()) {
        self.logic = logic
        self.fake = fake
    }

    /// Chapter 2's real logic, or a planted copy with `bug`.
    convenience init(bug: MembershipBug?) {
        self.init(bug.map { PlantedMemberships(bug: $0) } ?? RealMemberships())
    }

    /// Applies `step` as pg2's server would, then handles every DOWN it caused.
    func apply(_ step: MembershipStep) {
        switch step {
        case .create(let name): logic.create(name)
        case .join(let name, let pid): if logic.hasGroup(name) { logic.join(name, pid, node: fake) }
        case .leave(let name, let pid): if logic.hasGroup(name) { logic.leave(name, pid, node: fake) }
        case .delete(let name): logic.delete(name, node: fake)
        case .kill(let pid): fake.kill(pid)
        }
        settle()
    }

    /// Handles every DOWN the node has not handled yet.
    func settle() {
        while let ref = fake.nextDown() { logic.memberDied(ref, node: fake) }
    }

    /// The node as a scenario drives it.
    var subject: MembershipsUnderTest {
        MembershipsUnderTest(
            create: { self.apply(.create($0)) }, join: { self.apply(.join($0, $1)) },
            leave: { self.apply(.leave($0, $1)) }, delete: { self.apply(.delete($0)) },
            kill: { self.apply(.kill($0)) }, members: { self.logic.members(of: $0) },
            monitored: { self.fake.monitoredPids })
    }
}

// MARK: Random cases and messages

/// The pids and steps of chapter 2's random cases.
extension CaseGenerator {
    /// One of four pids, of nodes a and b.
    mutating func memberPid() -> Pid {
        [Pid(node: "a", serial: 1), Pid(node: "a", serial: 2), Pid(node: "b", serial: 3), Pid(node: "b", serial: 4)][
            int(0...3)]
    }

    /// A random step on groups g and h; `kills` percent of them kill a pid.
    mutating func membershipStep(kills: Int = 10) -> MembershipStep {
        let name: GroupName = int(0...1) == 0 ? "g" : "h"
        let roll = int(1...100)
        if roll <= kills { return .kill(memberPid()) }
        switch roll {
        case ...(kills + 14): return .create(name)
        case ...(kills + 20): return .delete(name)
        case ...(kills + 62): return .join(name, memberPid())
        default: return .leave(name, memberPid())
        }
    }

    /// `count` runs of 1…`length` steps.
    mutating func runs(_ count: Int, length: Int = 14, kills: Int = 10) -> [[MembershipStep]] {
        (0..<count).map { _ in (0..<int(1...length)).map { _ in membershipStep(kills: kills) } }
    }
}
