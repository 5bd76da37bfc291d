import Cluster
import LocalTable
import LocalTableExercises
import TestKit
import Testing
import WorkbookSupport

/// The bugs planted in copies of chapter 1's table, for the scenarios of exercises 1.1 and 1.2.
/// Each copy is chapter 1's ``GroupRows`` with exactly one thing done wrong.
enum TableBug: CaseIterable {
    // Exercise 1.1: the rows.
    case joinIgnoresRepeats, leaveDropsEveryCopy, leaveKeepsIndexRow, joinMakesEveryPidLocal
    // Exercise 1.2: the order of the lists.
    case listsInJoinOrder, sortsBySerialOnly, sortsAsText

    /// What the bug is, as a failure message names it.
    var name: String {
        switch self {
        case .joinIgnoresRepeats: "a join of a pid that is already a member changes nothing"
        case .leaveDropsEveryCopy: "a leave removes every copy of the pid at once"
        case .leaveKeepsIndexRow: "the last leave keeps the pid's reverse-index row"
        case .joinMakesEveryPidLocal: "a join makes every pid a local member, whatever its node"
        case .listsInJoinOrder: "the list is in the order the pids first joined"
        case .sortsBySerialOnly: "the list is sorted by serial alone, ties in the order the pids first joined"
        case .sortsAsText: "the list is sorted by the pids' printed text"
        }
    }
}

/// A table for a scenario to drive: chapter 1's rows, with `bug` planted (none for the real one).
final class PlantedTable {
    private var rows: GroupRows
    private let bug: TableBug?
    /// Each group's distinct members in the order they first joined (for the order bugs).
    private var arrivals: [GroupName: [Pid]] = [:]

    init(node: NodeName, bug: TableBug?) {
        rows = GroupRows(localNode: node)
        self.bug = bug
    }

    /// The table as the exercises see it.
    var subject: TableUnderTest {
        TableUnderTest(
            node: rows.localNode, create: { self.rows.assureGroup($0) }, join: { self.join($0, $1) },
            leave: { self.leave($0, $1) }, members: { self.list($0, localOnly: false) },
            localMembers: { self.list($0, localOnly: true) }, groups: { self.rows.groups(of: $0) })
    }

    private func join(_ name: GroupName, _ pid: Pid) {
        guard rows.hasGroup(name) else { return }
        if bug == .joinIgnoresRepeats, rows.count(of: pid, in: name) > 0 { return }
        guard rows.joinGroup(name, pid) == 1 else { return }
        arrivals[name, default: []].append(pid)
        if bug == .joinMakesEveryPidLocal { rows.localMembers[name, default: []].insert(pid) }
    }

    private func leave(_ name: GroupName, _ pid: Pid) {
        switch bug {
        case .leaveDropsEveryCopy:
            rows.removeMember(name, pid)
        case .leaveKeepsIndexRow:
            let index = rows.pidIndex[pid]
            if rows.leaveGroup(name, pid) == 0 { rows.pidIndex[pid] = index }
        default:
            rows.leaveGroup(name, pid)
        }
        if rows.count(of: pid, in: name) == 0 { arrivals[name]?.removeAll { $0 == pid } }
    }

    private func list(_ name: GroupName, localOnly: Bool) -> [Pid] {
        let counts = rows.memberCounts[name] ?? [:]
        let arrived = (arrivals[name] ?? []).filter { counts[$0] != nil }
        let order: [Pid]
        switch bug {
        case .listsInJoinOrder:
            order = arrived
        case .sortsBySerialOnly:
            order = arrived.enumerated().sorted { ($0.element.serial, $0.offset) < ($1.element.serial, $1.offset) }
                .map(\.element)
        case .sortsAsText:
            order = counts.keys.sorted { $0.description < $1.description }
        default:
            return localOnly ? rows.localMembers(of: name) : rows.members(of: name)
        }
        let pids = localOnly ? order.filter { $0.node == rows.localNode } : order
        return pids.flatMap { repeatElement($0, count: counts[$0] ?? 0) }
    }
}

/// The pids and writes of chapter 1's random cases.
extension CaseGenerator {
    /// A pid of one of `nodes`, serials 1…`serials`.
    mutating func tablePid(nodes: [NodeName] = ["a", "b", "c"], serials: Int = 3) -> Pid {
        Pid(node: pick(nodes), serial: UInt64(int(1...serials)))
    }

    /// A random write to a table of `groups`.
    mutating func tableStep(groups: [GroupName]) -> TableStep {
        let name = pick(groups)
        switch int(1...20) {
        case 1...3: return .create(name)
        case 4: return .delete(name)
        case 5...13: return .join(name, tablePid())
        default: return .leave(name, tablePid())
        }
    }
}

extension GroupRows {
    /// The rows after `steps`, applied as pg2's server applies them (see ``TableStep``).
    mutating func apply(_ steps: [TableStep]) {
        for step in steps {
            switch step {
            case .create(let name): assureGroup(name)
            case .delete(let name): deleteGroup(name)
            case .join(let name, let pid): if hasGroup(name) { joinGroup(name, pid) }
            case .leave(let name, let pid): leaveGroup(name, pid)
            }
        }
    }

    /// Its rows, counted by kind.
    var rowCounts: RowCounts {
        RowCounts(
            groups: groups.count, members: memberCounts.values.map(\.count).reduce(0, +),
            localMembers: localMembers.values.map(\.count).reduce(0, +),
            index: pidIndex.values.map(\.count).reduce(0, +))
    }
}
