import ErlangDist
import Foundation

/// `epmd -port N`, our own for one test.
public final class TestEPMD: Sendable {
    public let port: UInt16
    let child: ChildProcess

    public init() async throws {
        port = Interop.freePort()
        child = try ChildProcess(Interop.path(of: "epmd")!, ["-port", String(port)])
        let up = await Interop.eventually(.seconds(10)) {
            (try? await EPMDClient.names(host: "127.0.0.1", epmdPort: port, timeout: .seconds(1))) != nil
        }
        guard up else { child.kill(); throw InteropError("epmd -port \(port) did not come up") }
    }

    public func kill() { child.kill() }
}

/// A real process that did not start or answer as it should.
public struct InteropError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
