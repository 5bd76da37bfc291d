import Cluster
import PG
import TestKit
import Testing

/// ``GroupEntries`` keeps pg's order (rule R2 of Chapters/PGRules.md) with O(1) writes.
@Suite struct GroupEntriesTests {
    @Test func aJoinGoesInFrontAndAListKeepsItsOrderAsABlock() {
        let (p1, p2, p3) = (pid("a", 1), pid("a", 2), pid("a", 3))
        var entries = GroupEntries()
        entries.prepend([p1])
        entries.prepend([p2])
        entries.prepend([p3, p1])
        #expect(entries.list == [p3, p1, p2, p1] && entries.count == 4 && entries.count(of: p1) == 2)
    }

    @Test func aLeaveTakesThePidsNewestEntry() {
        let (p1, p2) = (pid("a", 1), pid("a", 2))
        var entries = GroupEntries([p1, p2, p1])
        #expect(entries.removeNewest(p1) && entries.list == [p2, p1])
        #expect(!entries.removeNewest(pid("a", 9)) && entries.list == [p2, p1])
    }

    /// Against an Erlang-style list, over thousands of random prepends and deletes, squeezing included.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func itMatchesPgsListEditsStepForStep(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var entries = GroupEntries()
        var model: [Pid] = []
        for _ in 0..<3_000 {
            let p = pid("a", UInt64(random.next(below: 6)))
            if random.next(below: 5) < 2 {
                let block = (0..<random.next(below: 4)).map { _ in pid("a", UInt64(random.next(below: 6))) }
                entries.prepend(block.isEmpty ? [p] : block)
                model = (block.isEmpty ? [p] : block) + model
            } else {
                let had = model.contains(p)
                if let index = model.firstIndex(of: p) { model.remove(at: index) }
                #expect(entries.removeNewest(p) == had, "seed \(seed)")
            }
            #expect(entries.list == model, "seed \(seed)")
            if entries.list != model { return }
        }
    }
}
