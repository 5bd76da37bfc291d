import Foundation
import Synchronization

/// A node's registration with its host's EPMD, kept alive for the node's whole life.
///
/// Registering is one ALIVE2 request on a socket that then stays open: EPMD forgets the node
/// when it closes. This object holds that socket and watches it. Where no EPMD answers, the node
/// serves one itself (``EPMDServer``) and registers with it. If the EPMD goes away — `epmd` was
/// killed, or the Swift node serving it stopped — the socket closes, and the registration is made
/// again: with whichever EPMD now answers, or with one this node starts serving. The node keeps
/// the creation of its first registration: it is the same incarnation, with the same pids.
final class EPMDRegistration: Sendable {
    let entry: EPMDEntry
    let epmdPort: UInt16
    private let log: @Sendable (String) -> Void

    private struct State {
        var socket: Socket?
        var server: EPMDServer?
        var stopped = false
        var generation = 0
    }
    private let state = Mutex(State())

    init(entry: EPMDEntry, epmdPort: UInt16, log: @escaping @Sendable (String) -> Void) {
        self.entry = entry
        self.epmdPort = epmdPort
        self.log = log
    }

    /// Whether this node is serving EPMD itself right now.
    var isServing: Bool { state.withLock { $0.server != nil } }

    /// Registers (serving EPMD if nobody does) and starts watching; returns the creation.
    func start(timeout: Duration) throws -> UInt32 {
        let creation = try registerOnce(deadline: .now + timeout)
        watch()
        return creation
    }

    /// Unregisters (closes the socket) and stops serving EPMD if this node did.
    func stop() {
        let (socket, server) = state.withLock { s in
            s.stopped = true
            defer { s.socket = nil; s.server = nil }
            return (s.socket, s.server)
        }
        socket?.shutdown()
        server?.stop()
    }

    /// One registration: an existing EPMD if one answers, else one served here. Retries until
    /// `deadline` (two nodes may race to serve; the loser registers with the winner).
    private func registerOnce(deadline: ContinuousClock.Instant) throws -> UInt32 {
        var lastError: any Error = EPMDError.unavailable(epmdPort, "no attempt made")
        var pause = Duration.milliseconds(20)
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.stopped }) { throw EPMDError.unavailable(epmdPort, "the node stopped") }
            do {
                let (socket, creation) = try EPMDClient.register(entry, epmdPort: epmdPort, timeout: .seconds(2))
                state.withLock { s in
                    s.socket = socket
                    s.generation += 1
                }
                return creation
            } catch SocketError.system(_, let code) where code == ECONNREFUSED {
                lastError = SocketError.system("connect to EPMD", code)
                if let server = try? EPMDServer.start(port: epmdPort, log: log) {
                    log("no EPMD answered on port \(epmdPort): serving it from this node")
                    let keep = state.withLock { s -> Bool in
                        guard !s.stopped else { return false }
                        s.server = server
                        return true
                    }
                    if !keep { server.stop() }
                    continue
                }
            } catch let error as EPMDError {
                if case .refused = error { throw error }
                lastError = error
            } catch {
                lastError = error
            }
            Thread.sleep(
                forTimeInterval: Double(pause.components.attoseconds) / 1e18 + Double(pause.components.seconds))
            pause = min(pause * 2, .milliseconds(500))
        }
        throw EPMDError.unavailable(epmdPort, "\(lastError)")
    }

    /// Watches the registration socket; when it closes while the node runs, registers again.
    private func watch() {
        guard let socket = state.withLock({ $0.socket }) else { return }
        SocketThreads.start("epmd-registration") { [self] in
            _ = try? socket.readToEnd(limit: 1 << 16)
            let stopped = state.withLock { s -> Bool in
                if s.socket === socket { s.socket = nil }
                return s.stopped
            }
            if stopped { return }
            log("the EPMD on port \(epmdPort) closed this node's registration: registering again")
            while !state.withLock({ $0.stopped }) {
                do {
                    let creation = try registerOnce(deadline: .now + .seconds(30))
                    log(
                        "registered again with EPMD on port \(epmdPort) (its creation \(creation) is not adopted: "
                            + "this node keeps its own)"
                    )
                    watch()
                    return
                } catch {
                    log("registering again with EPMD on port \(epmdPort) failed: \(error); retrying")
                }
            }
        }
    }
}
