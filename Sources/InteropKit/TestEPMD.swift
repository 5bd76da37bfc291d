import ErlangDist
import Foundation

/// `epmd -port N`, our own for one test.
public final class TestEPMD: Sendable {
    public let port: UInt16
    let child: ChildProcess

    /// Starts `epmd` on a free port and waits until it answers a names request; throws
    /// `InteropError` if it does not. Cost in real time: at most about 11 s — 10 s of polling
    /// every 20 ms, and the last poll's request, each bounded by its 1-s timeout (give or take the
    /// 200 ms between its checks).
    public init() async throws {
        port = Interop.freePort()
        child = try ChildProcess(Interop.path(of: "epmd")!, ["-port", String(port)])
        let up = await Interop.eventually(.seconds(10)) {
            (try? await EPMDClient.names(host: "127.0.0.1", epmdPort: port, timeout: .seconds(1))) != nil
        }
        guard up else { child.kill(); throw InteropError("epmd -port \(port) did not come up") }
    }

    /// Kills this `epmd` and waits for it to exit. Cost: as `ChildProcess.kill()`.
    public func kill() { child.kill() }
}

/// A real process that did not start or answer as it should.
public struct InteropError: Error, CustomStringConvertible {
    public let description: String
    /// An error that says `description`. O(1).
    public init(_ description: String) { self.description = description }
}
