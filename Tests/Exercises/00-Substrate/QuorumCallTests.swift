import Cluster
import Distributed
import SubstrateExercises
import TestKit
import Testing
import WorkbookSupport

/// Exercise 0.3 — edit Exercises/00-Substrate/QuorumCall.swift
///
/// Every message takes exactly 1 ms here, so a round trip is 2 ms and the tests can say exactly
/// how much virtual time a quorum call must take.
@Suite("Exercise 0.3 — A quorum call") struct QuorumCallTests {
    static let file = "edit Exercises/00-Substrate/QuorumCall.swift"

    @Test("It returns at the quorum's last reply, not at the slowest node's")
    func itReturnsAtTheQuorum() async throws {
        let problems = try await QuorumCheck.returnsAtTheQuorum(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("Every call goes out at once: one round trip in all, not one per node")
    func everyCallGoesOutAtOnce() async throws {
        let problems = try await QuorumCheck.callsGoOutTogether(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("The replies are the first to arrive, whatever the delays — the caller's own node's included")
    func theRepliesAreTheFirstToArrive() async throws {
        let problems = try await QuorumCheck.firstToArrive(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A node that can't answer is a failure, and the others still make the quorum")
    func aNodeThatCannotAnswerIsAFailure() async throws {
        let problems = try await QuorumCheck.failuresAreNotReplies(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("It gives up as soon as the quorum is out of reach")
    func itGivesUpAsSoonAsTheQuorumIsOutOfReach() async throws {
        let problems = try await QuorumCheck.givesUpWhenOutOfReach(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A timeout bounds the wait for nodes that don't answer")
    func aTimeoutBoundsTheWait() async throws {
        let problems = try await QuorumCheck.timeoutBoundsTheWait(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }

    @Test("A node that crashes while it's being asked counts as a failure")
    func aNodeThatCrashesMidCallIsAFailure() async throws {
        let problems = try await QuorumCheck.crashMidCall(QuorumCheck.yours)
        #expect(problems.isEmpty, report(problems, Self.file))
    }
}

/// The server every test node runs, registered as `answer`: it waits its delay on its node's
/// clock, then answers with its node's name.
distributed actor Responder {
    typealias ActorSystem = Node
    private let delay: Duration

    init(delay: Duration, actorSystem: Node) {
        self.actorSystem = actorSystem
        self.delay = delay
    }

    distributed func answer() async throws -> String {
        try await actorSystem.clock.sleep(for: delay)
        return "answer from \(actorSystem.name)"
    }
}
