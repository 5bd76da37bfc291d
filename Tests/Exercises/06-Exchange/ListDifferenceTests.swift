import Cluster
import Exchange
import ExchangeExercises
import Testing

/// Exercise 6.1 — edit Exercises/06-Exchange/ListDifference.swift
@Suite("Exercise 6.1 — List difference") struct ListDifferenceTests {
    static let file = "edit Exercises/06-Exchange/ListDifference.swift"
    let p = Pid(node: "a", serial: 1)
    let q = Pid(node: "b", serial: 2)
    let r = Pid(node: "c", serial: 3)

    @Test func eachLocalEntryCancelsOneRemoteEntry() throws {
        #expect(try subtract([p], from: [p, p, q]) == [p, q], "\(Self.file)")
        #expect(try subtract([p, p], from: [p, q, p]) == [q], "\(Self.file)")
    }

    @Test func aLocalSurplusCancelsNothingMore() throws {
        #expect(try subtract([p, p, p], from: [p, p]) == [], "\(Self.file)")
        #expect(try subtract([p, q, r], from: [q]) == [], "\(Self.file)")
    }

    @Test func emptyListsAreNoSpecialCase() throws {
        #expect(try subtract([], from: [q, p]) == [q, p], "nothing to cancel — \(Self.file)")
        #expect(try subtract([p], from: []) == [], "\(Self.file)")
        #expect(try subtract([], from: []) == [], "\(Self.file)")
    }

    /// Erlang's `--` cancels the *first* equal elements and keeps the rest in order.
    @Test func theRemainingRemoteEntriesKeepTheirOrder() throws {
        #expect(try subtract([p], from: [r, p, q, p]) == [r, q, p], "\(Self.file)")
        #expect(try subtract([q], from: [r, q, p, q, r]) == [r, p, q, r], "\(Self.file)")
    }

    /// Many lists, drawn from a fixed generator, against the chapter's own ``Merge/difference(_:_:)``.
    @Test func agreesWithTheChaptersDifferenceOnManyLists() throws {
        var random = SplitMix(seed: 6101)
        let pool = [p, q, r, Pid(node: "a", serial: 4)]
        for _ in 0..<200 {
            let remote = (0..<random.next(below: 8)).map { _ in pool[random.next(below: pool.count)] }
            let local = (0..<random.next(below: 8)).map { _ in pool[random.next(below: pool.count)] }
            #expect(
                try subtract(local, from: remote) == Merge.difference(remote, local),
                "\(remote) − \(local) — \(Self.file)")
        }
    }
}

/// A tiny deterministic generator (SplitMix64), so the lists are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
