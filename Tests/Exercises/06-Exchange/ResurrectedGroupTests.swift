import Cluster
import ExchangeExercises
import LocalTable
import Testing

/// Exercise 6.3 — edit Exercises/06-Exchange/ResurrectedGroup.swift
///
/// These tests are the evidence of anomaly A1: they pass when *your* scenario shows it.
@Suite("Exercise 6.3 — Reproduce A1 yourself") struct ResurrectedGroupTests {
    static let file = "edit Exercises/06-Exchange/ResurrectedGroup.swift"

    @Test func theScenarioRecordsTwoOrThreeNodesBothTimes() async throws {
        let (afterDelete, afterHeal) = try await deletedGroupComesBack(seed: 6301)
        #expect((2...3).contains(afterDelete.count), "use two or three nodes — \(Self.file)")
        #expect(Set(afterDelete.keys) == Set(afterHeal.keys), "record every node both times — \(Self.file)")
    }

    @Test func afterTheDeleteOneSideLacksTheGroupAndTheOtherHasIt() async throws {
        let (afterDelete, _) = try await deletedGroupComesBack(seed: 6302)
        let lacking = afterDelete.filter { !$0.value.contains("g") }.keys.sorted()
        let having = afterDelete.filter { $0.value.contains("g") }.keys.sorted()
        #expect(
            !lacking.isEmpty, "delete g on one side of the partition — seed 6302, \(afterDelete) — \(Self.file)")
        #expect(!having.isEmpty, "the other side must still have g — seed 6302, \(afterDelete) — \(Self.file)")
    }

    @Test(arguments: [6303, 6304, 6305] as [UInt64])
    func afterTheHealEveryNodeHasTheGroupAgain(seed: UInt64) async throws {
        let (afterDelete, afterHeal) = try await deletedGroupComesBack(seed: seed)
        #expect(afterDelete.values.contains { !$0.contains("g") }, "seed \(seed), \(afterDelete) — \(Self.file)")
        for (node, groups) in afterHeal.sorted(by: { $0.key < $1.key }) {
            #expect(groups.contains("g"), "A1: g is back on \(node) — seed \(seed), \(afterHeal) — \(Self.file)")
        }
    }
}
