@preconcurrency import Glibc
import Foundation
import InteropKit

/// One `pg2-node` OS process for a test: started from the build folder next to the test bundle,
/// driven one command a line, each answer waited for with a deadline, and killed — by its pid —
/// by the test that started it.
final class PG2NodeProcess: Sendable {
    let name: String
    let cookie: String
    let epmdPort: UInt16
    private let child: ChildProcess

    /// Where `swift build` put `pg2-node`: beside this test bundle.
    static var executable: String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("pg2-node").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Starts `pg2-node --name NAME --cookie COOKIE [--connect …]` and waits for `ready NAME`.
    init(name: String, cookie: String, epmdPort: UInt16, connect: [String] = []) async throws {
        guard let executable = Self.executable else { throw InteropError("pg2-node is not built beside the tests") }
        self.name = name
        self.cookie = cookie
        self.epmdPort = epmdPort
        child = try ChildProcess(
            executable, ["--name", name, "--cookie", cookie] + connect.flatMap { ["--connect", $0] },
            environment: ["ERL_EPMD_PORT": String(epmdPort)])
        var line: String?
        repeat {
            line = await child.nextLine(timeout: .seconds(20))
        } while line != nil && line != "ready \(name)"
        guard line != nil else {
            child.kill()
            throw InteropError("pg2-node \(name) did not print ready: \(child.output_.suffix(10))")
        }
    }

    /// Sends `command` and returns its one-line answer ("NO ANSWER" after `timeout`).
    @discardableResult
    func run(_ command: String, timeout: Duration = .seconds(20)) async -> String {
        child.write(command)
        return await child.nextLine(timeout: timeout) ?? "NO ANSWER to \(command)"
    }

    /// The words of an answer (pids, group or node names).
    func list(_ command: String) async -> [String] {
        await run(command).split(separator: " ").map(String.init)
    }

    /// `kill -9` of the process (a crash: no goodbye to its peers).
    func crash() { child.kill() }

    var isRunning: Bool { child.isRunning }
    var output: [String] { child.output_ }
}
