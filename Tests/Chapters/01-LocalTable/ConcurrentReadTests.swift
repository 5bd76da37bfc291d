import Cluster
import LocalTable
import Testing

/// Readers never see a torn write. pg2's readers read the table while the server writes it; our
/// ``GroupTable`` promises each reader sees a write whole or not at all, however many rows it
/// changes. Here one writer makes 600 multi-row writes while 8 readers read thousands of times,
/// and every list a reader gets must be a state the writer actually published.
///
/// Write `w` (1, 2, 3, …) changes three groups in one ``GroupTable/write(_:)``:
/// - `pairs`: joins the pair `a.w`, `b.w` (twice when `w % 4 == 2`), or, when `w % 4 == 0`,
///   leaves the pair joined at `w − 3`; and moves the clock pid `tick.(w−1)` to `tick.w`;
/// - `mirror`: the same changes to the `a` pids only;
/// - every 100th write creates a group `extra-w`.
/// A reader of `pairs` thus gets the clock `w` in the same list, and can tell exactly which
/// pairs must be there. Plain Swift concurrency, not the simulator: this is about real threads.
@Suite struct ConcurrentReadTests {
    static let writes: UInt64 = 600
    static let readers = 8
    static let readsPerReader = 1500

    static func a(_ w: UInt64) -> Pid { Pid(node: "a", serial: w) }
    static func b(_ w: UInt64) -> Pid { Pid(node: "b", serial: w) }
    /// Node "tick" sorts after "a" and "b", so the clock is always the last entry.
    static func tick(_ w: UInt64) -> Pid { Pid(node: "tick", serial: w) }

    /// Write `w`, all of it under the table's lock.
    static func write(_ w: UInt64, to table: GroupTable) {
        table.write { rows, touch in
            touch("pairs")
            touch("mirror")
            if w % 4 == 0 {
                rows.leaveGroup("pairs", a(w - 3))
                rows.leaveGroup("pairs", b(w - 3))
                rows.leaveGroup("mirror", a(w - 3))
            } else {
                for _ in 0..<(w % 4 == 2 ? 2 : 1) {
                    rows.joinGroup("pairs", a(w))
                    rows.joinGroup("pairs", b(w))
                    rows.joinGroup("mirror", a(w))
                }
            }
            rows.leaveGroup("pairs", tick(w - 1))
            rows.joinGroup("pairs", tick(w))
            if w % 100 == 0 {
                rows.assureGroup("extra-\(w)")
                touch("extra-\(w)")
            }
        }
    }

    /// How often pair `s` is listed once `k` writes are done.
    static func expectedCount(ofPair s: UInt64, after k: UInt64) -> Int {
        guard s >= 1, s <= k else { return 0 }
        switch s % 4 {
        case 0: return 0
        case 1: return s + 3 > k ? 1 : 0
        case 2: return 2
        default: return 1
        }
    }

    /// How many `a` entries `pairs` lists once `k` writes are done. O(1).
    static func expectedEntries(after k: UInt64) -> Int {
        guard k >= 1 else { return 0 }
        let threes = Int((k + 1) / 4), twos = Int((k + 2) / 4)
        let liveOnes = (max(k, 3) - 2...k).filter { $0 % 4 == 1 }.count
        return threes + 2 * twos + liveOnes
    }

    /// Checks the `a` half of a list of `pairs`/`mirror` against state `k` (nil: any state).
    static func problem(inHalf half: ArraySlice<Pid>, after k: UInt64?) -> String? {
        var i = half.startIndex
        while i < half.endIndex {
            let pid = half[i]
            guard pid.node == "a" else { return "\(pid) among the a pids" }
            let run = half[i...].prefix { $0 == pid }.count
            let want = k.map { expectedCount(ofPair: pid.serial, after: $0) } ?? (pid.serial % 4 == 2 ? 2 : 1)
            guard run == want else { return "\(pid) listed \(run) times, expected \(want)" }
            if i + run < half.endIndex, !(pid < half[i + run]) { return "not sorted at \(pid)" }
            i += run
        }
        return nil
    }

    /// One read of `pairs`: returns the clock, or the problem found.
    static func checkPairs(_ list: [Pid]) -> Result<UInt64, Failure> {
        guard let clock = list.last, clock.node == "tick" else {
            return .failure("no clock: \(list.suffix(3))")
        }
        let n = list.count - 1
        guard n % 2 == 0 else { return .failure("odd number of pair entries: \(n)") }
        let aHalf = list[..<(n / 2)], bHalf = list[(n / 2)..<n]
        guard aHalf.map(\.serial) == bHalf.map(\.serial), bHalf.allSatisfy({ $0.node == "b" }) else {
            return .failure("a half and b half differ at clock \(clock.serial)")
        }
        guard aHalf.count == expectedEntries(after: clock.serial) else {
            return .failure("\(aHalf.count) a entries at clock \(clock.serial)")
        }
        if let problem = problem(inHalf: aHalf, after: clock.serial) { return .failure(Failure(problem)) }
        return .success(clock.serial)
    }

    struct Failure: Error, ExpressibleByStringInterpolation {
        let text: String
        init(_ text: String) { self.text = text }
        init(stringLiteral text: String) { self.text = text }
    }

    /// One reader: every read checked; returns the clocks it saw, or its first problem.
    static func read(_ table: GroupTable) async -> Result<Set<UInt64>, Failure> {
        var seen: Set<UInt64> = [], lastClock: UInt64 = 0, lastGroupCount = 0
        for i in 0..<readsPerReader {
            if i % 32 == 0 { await Task.yield() }
            guard let pairs = try? table.members(of: "pairs") else { return .failure("pairs vanished") }
            switch checkPairs(pairs) {
            case .failure(let failure): return .failure(failure)
            case .success(let clock):
                guard clock >= lastClock else {
                    return .failure("clock went back from \(lastClock) to \(clock)")
                }
                lastClock = clock
                seen.insert(clock)
            }
            for name in ["mirror", "pairs"] {
                // Local members carry no clock; check what holds in every published state.
                let local = (try? table.localMembers(of: name)) ?? [Pid(node: "?", serial: 0)]
                if let problem = problem(inHalf: local[...], after: nil) {
                    return .failure("local members of \(name): \(problem)")
                }
            }
            let groups = table.groups()
            guard groups == groups.sorted(), groups.count >= lastGroupCount else {
                return .failure("which_groups went wrong: \(groups)")
            }
            lastGroupCount = groups.count
            if i % 250 == 0 {
                // One snapshot: rows consistent, and `mirror` moved together with `pairs`.
                let rows = table.rows
                do { try rows.checkInvariants() } catch { return .failure("\(error)") }
                let members = rows.members(of: "pairs")
                guard rows.members(of: "mirror") == Array(members[..<((members.count - 1) / 2)]) else {
                    return .failure("mirror and pairs disagree in one snapshot")
                }
            }
        }
        return .success(seen)
    }

    @Test func readersNeverSeeATornWrite() async throws {
        let table = GroupTable(localNode: "a")
        table.write { rows, touch in
            for name in ["pairs", "mirror"] {
                rows.assureGroup(name)
                touch(name)
            }
            rows.joinGroup("pairs", Self.tick(0))
        }
        try table.checkInvariants()
        let results = await withTaskGroup(of: Result<Set<UInt64>, Failure>?.self) { group in
            group.addTask {
                for w in 1...Self.writes {
                    Self.write(w, to: table)
                    if w % 4 == 0 { await Task.yield() }
                }
                return nil
            }
            for _ in 0..<Self.readers { group.addTask { await Self.read(table) } }
            var results: [Result<Set<UInt64>, Failure>] = []
            for await result in group { if let result { results.append(result) } }
            return results
        }
        try table.checkInvariants()
        var seen: Set<UInt64> = []
        for (reader, result) in results.enumerated() {
            switch result {
            case .failure(let failure): Issue.record("reader \(reader): \(failure.text)")
            case .success(let clocks): seen.formUnion(clocks)
            }
        }
        #expect(results.count == Self.readers)
        #expect(seen.count > 1, "the readers should have seen the table change under them")
        // The final state is the one the writer meant.
        #expect(try table.members(of: "pairs").last == Self.tick(Self.writes))
        #expect((try? Self.checkPairs(table.members(of: "pairs")).get()) == Self.writes)
        #expect(table.groups().count == 2 + Int(Self.writes / 100))
    }
}
