@preconcurrency import Glibc
import Cluster
import Dispatch
import ErlangDist
import Foundation
import ProcessGroups
import RealNodes
import Synchronization

// The programs `pg2-bench real` runs, the EPMDs it serves, and its bounded waits.

/// The programs the bench runs.
struct Tools {
    let pg2Node: String
    let erl: String
    let erlc: String
    let otpRelease: String

    static func find() throws -> Tools {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            here.appendingPathComponent("pg2-node").path,
            FileManager.default.currentDirectoryPath + "/.build/release/pg2-node",
        ]
        guard let pg2Node = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw ChildError(
                description: "pg2-node is not built: run `swift build -c release --product pg2-node` first")
        }
        guard let erl = findOnPath("erl"), let erlc = findOnPath("erlc") else {
            throw ChildError(description: "erl and erlc must be on PATH (Erlang/OTP)")
        }
        let root = URL(fileURLWithPath: erl).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent()
        let release = (try? String(contentsOfFile: root.path + "/releases/start_erl.data", encoding: .utf8))?
            .split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        return Tools(pg2Node: pg2Node, erl: erl, erlc: erlc, otpRelease: release ?? "?")
    }
}

/// An EPMD served in this process on a port the kernel picks: it ends with the bench, whatever
/// way the bench ends, so no `epmd` outlives a run.
func startEPMD(_ label: String) throws -> EPMDServer {
    do { return try EPMDServer.start(port: 0) } catch {
        throw ChildError(description: "cannot serve \(label): \(error)")
    }
}

/// Runs `condition` until it holds, every `interval`, for at most `timeout`.
func waitUntil(
    _ what: String, within timeout: Duration, every interval: Duration = .milliseconds(10),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            throw ChildError(description: "timed out (\(timeout)) waiting for \(what)")
        }
        try await Task.sleep(for: interval)
    }
}
