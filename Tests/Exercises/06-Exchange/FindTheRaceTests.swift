import Cluster
import ExchangeExercises
import SingleNodeServer
import TestKit
import Testing

/// The check of exercise 6.4, for any scenario: on the workbook's pg2 the oldest-first run must
/// keep the invariant and some order within two deviations must break it; on a planted pg2 that
/// never exchanges tables, no order within two deviations may break it.
enum FindTheRaceCheck {
    typealias Scenario = @Sendable (PG2Subject) throws -> ExplorerScenario
    static let file = "Exercises/06-Exchange/FindTheRace.swift"
    /// Chapter 3's server under chapter 5's replicated writes: pg2 without the exchange.
    static let neverExchanges = PG2Subject.replicated(PG2Server.self)

    /// The problems of the workbook's pg2 under `scenario`: one line each, empty if none.
    static func realProblems(_ scenario: Scenario) async throws -> [String] {
        let explored = try scenario(.pg2)
        if let broken = try await Explorer.search(explored, maxDeviations: 0).violation {
            return [
                "on the workbook's pg2 your invariant fails even when every message arrives oldest-first, "
                    + "so it is not the order that breaks it: \(broken.message) — edit \(file)"
            ]
        }
        let report = try await Explorer.search(explored, maxDeviations: 2)
        guard report.violation == nil else { return [] }
        return [
            "the explorer found no order within 2 deviations that breaks your invariant on the workbook's pg2 "
                + "(\(report.statistics)) — edit \(file)"
        ]
    }

    /// The problems of the planted pg2 under `scenario`.
    static func plantedProblems(_ scenario: Scenario) async throws -> [String] {
        let report = try await Explorer.search(try scenario(neverExchanges), maxDeviations: 2)
        guard let broken = report.violation else { return [] }
        return [
            "on a planted pg2 that never exchanges tables, the explorer broke your invariant too (\(broken.message); "
                + "choices \(broken.choices)): a scenario that breaks without the exchange is not the race — "
                + "edit \(file)"
        ]
    }
}

@Suite("6.4 The order that breaks it") struct FindTheRaceTests {
    @Test("On the workbook's pg2 the oldest-first run keeps the invariant and some order breaks it")
    func theRealPG2BreaksOnlyOutOfOrder() async throws {
        expectNoProblems(try await FindTheRaceCheck.realProblems { try raceScenario(on: $0) })
    }

    @Test("On a pg2 that never exchanges tables, no order within two deviations breaks it")
    func aPG2WithoutTheExchangeHolds() async throws {
        expectNoProblems(try await FindTheRaceCheck.plantedProblems { try raceScenario(on: $0) })
    }
}
