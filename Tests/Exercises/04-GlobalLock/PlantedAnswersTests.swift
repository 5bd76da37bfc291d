import Cluster
import GlobalLock
import GlobalLockExercises
import Testing

/// The checks of chapter 4's exercises reject answers that do not do the work: a scenario that
/// returns a constant, a prediction that always says the same, a lock that does not lock. Each
/// is fed through the very check the exercise's tests use. These tests pass whether or not the
/// exercises are done: they never call your code.
@Suite("Chapter 4's checks reject planted answers") struct PlantedAnswersTests {
    @Test("4.1 rejects a scenario that always answers the same")
    func constantAllOrNothing() async throws {
        for answer in [true, false] {
            let problems = try await AllOrNothingCheck.problems { _, _ in answer }
            #expect(!problems.isEmpty, "a scenario answering \(answer) passed the check of 4.1")
        }
    }

    @Test("4.2 rejects constant predictions and one that only asks whether x and y are connected")
    func naiveTwoHolders() async throws {
        let planted: [(String, TwoHoldersCheck.Prediction)] = [
            ("always true", { _, _, _ in true }),
            ("always false", { _, _, _ in false }),
            ("true when x and y are not connected", { x, y, topology in !topology.isConnected(x, y) }),
        ]
        for (name, prediction) in planted {
            let problems = try await TwoHoldersCheck.problems(
                prediction, cases: TwoHoldersCheck.chosen, firstSeed: 4201)
            #expect(!problems.isEmpty, "the prediction \"\(name)\" passed the check of 4.2")
        }
    }

    @Test("4.3 rejects a transaction that takes no lock, and one that gives up after one attempt")
    func naiveDeadlines() async throws {
        let noLock: DeadlineCheck.Within = { _, _, _, _, body in try await body() }
        #expect(!(try await DeadlineCheck.freeResource(noLock)).isEmpty, "a transaction without a lock passed 4.3")
        let oneAttempt: DeadlineCheck.Within = { _, resource, requester, node, body in
            let global = Global(node: node)
            let id = LockID(resource: resource, requester: requester)
            guard try await global.attempt(id, holder: requester, on: global.allNodes) else {
                throw LockError.aborted(id)
            }
            let result = try await body()
            await global.release(id, holder: requester, on: global.allNodes)
            return result
        }
        #expect((try await DeadlineCheck.freeResource(oneAttempt)).isEmpty, "one attempt locks a free resource")
        #expect(!(try await DeadlineCheck.freedBeforeTheDeadline(oneAttempt)).isEmpty, "a single attempt passed 4.3")
    }

    @Test("4.4 rejects a scenario that always answers the same")
    func constantDeadHolders() async throws {
        for answer in [true, false] {
            let problems = try await DeadHoldersCheck.problems { _, _ in answer }
            #expect(!problems.isEmpty, "a scenario answering \(answer) passed the check of 4.4")
        }
    }
}
