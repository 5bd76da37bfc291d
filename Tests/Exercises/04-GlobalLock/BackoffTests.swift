import Cluster
import GlobalLock
import GlobalLockExercises
import Testing

/// Exercise 4.2 — edit Exercises/04-GlobalLock/Backoff.swift
@Suite("Exercise 4.2 — Backing off at random") struct BackoffTests {
    let edit: Comment = "edit Exercises/04-GlobalLock/Backoff.swift"

    /// `draws` delays after failure `attempt`, in whole milliseconds, from a generator seeded with `seed`.
    func draws(_ draws: Int, afterAttempt attempt: Int, seed: UInt64) throws -> [Int64] {
        var random = NodeRandom(seed: seed)
        return try (0..<draws).map { _ in
            let delay = try backoffDelay(afterAttempt: attempt, using: &random)
            return delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        }
    }

    @Test func everyDelayIsAWholeNumberOfMilliseconds() throws {
        var random = NodeRandom(seed: 4201)
        for attempt in 1...8 {
            let delay = try backoffDelay(afterAttempt: attempt, using: &random)
            #expect(delay.components.attoseconds % 1_000_000_000_000_000 == 0, "seed 4201: \(delay) — \(edit)")
        }
    }

    @Test func delaysStayBetweenOneMillisecondAndTheCeiling() throws {
        let ceilings = [1: 250, 2: 500, 3: 1000, 4: 2000, 5: 4000, 6: 8000, 7: 8000, 12: 8000]
        for (attempt, ceiling) in ceilings.sorted(by: { $0.key < $1.key }) {
            let seen = try draws(2000, afterAttempt: attempt, seed: 4202)
            #expect(seen.min()! >= 1 && seen.max()! <= Int64(ceiling),
                "seed 4202, attempt \(attempt): \(seen.min()!)…\(seen.max()!) ms, expected 1…\(ceiling) — \(edit)")
        }
    }

    /// The ceiling is really reached, and so is the floor: the range is 1…Tmax, not narrower.
    @Test func theWholeRangeIsUsed() throws {
        for (attempt, ceiling) in [(1, 250), (3, 1000), (6, 8000)] {
            let seen = try draws(4000, afterAttempt: attempt, seed: 4203)
            #expect(seen.max()! > Int64(ceiling) * 98 / 100,
                "seed 4203, attempt \(attempt): the longest delay is \(seen.max()!) ms, Tmax is \(ceiling) — \(edit)")
            #expect(seen.min()! < Int64(ceiling) * 2 / 100 + 2,
                "seed 4203, attempt \(attempt): the shortest of 4000 delays is \(seen.min()!) ms — \(edit)")
        }
    }

    /// Uniform, roughly: the mean is near the middle and each quarter of the range gets its share.
    @Test func delaysAreSpreadEvenly() throws {
        let seen = try draws(8000, afterAttempt: 2, seed: 4204)  // 1…500 ms
        let mean = Double(seen.reduce(0, +)) / Double(seen.count)
        #expect((235.0...266.0).contains(mean), "seed 4204: mean \(mean) ms, expected about 250 — \(edit)")
        let quarters = Dictionary(grouping: seen) { min(3, Int(($0 - 1) / 125)) }.mapValues(\.count)
        for quarter in 0..<4 {
            let share = Double(quarters[quarter, default: 0]) / Double(seen.count)
            #expect((0.22...0.28).contains(share), "seed 4204: quarter \(quarter) got \(share) of the delays — \(edit)")
        }
    }

    /// Every draw comes from the generator it is given: the same seed replays the same delays.
    @Test func aSeedReplaysTheSameDelays() throws {
        let first = try (1...8).flatMap { try draws(5, afterAttempt: $0, seed: 4205) }
        let second = try (1...8).flatMap { try draws(5, afterAttempt: $0, seed: 4205) }
        #expect(first == second, "seed 4205: draw from `random`, not the system generator — \(edit)")
        let other = try (1...8).flatMap { try draws(5, afterAttempt: $0, seed: 4206) }
        #expect(first != other, "seeds 4205 and 4206 gave the same delays — \(edit)")
    }

    /// The ceiling agrees with the chapter's, failure after failure.
    @Test func theCeilingDoublesAsTheChaptersDoes() throws {
        for attempt in 1...9 {
            let seen = try draws(3000, afterAttempt: attempt, seed: 4207)
            let limit = Int64(Global.backoffLimit(afterAttempt: attempt))
            #expect(seen.max()! <= limit && seen.max()! > limit * 97 / 100,
                "seed 4207, attempt \(attempt): delays up to \(seen.max()!) ms, Tmax is \(limit) — \(edit)")
        }
    }
}
