import Dispatch
import Foundation
import Synchronization

/// One live link to another node, after the handshake: frames in, frames out, and ticks.
///
/// A connection owns two threads. The **reader** blocks on the socket, checks each frame's
/// length against the limit before allocating it, decodes it and hands it to the node (whose
/// router may run the work the frame causes right there, on the reader, as a real node does when
/// it is idle: the frames behind it wait meanwhile). The **writer** drains a queue of encoded
/// frames, so a sender never blocks on a slow peer: it only appends to the queue (whose size is
/// capped). Ticks keep an idle link alive: the writer
/// sends one whenever it has written nothing for a quarter of the tick time, and the reader
/// gives up on a peer it has heard nothing from — not even a tick — for the whole tick time.
/// Erlang does the same on its side, so each end must tick on its own, not merely answer.
///
/// Any bad input closes the connection with a log line naming it; the node then forgets the
/// peer (nodedown) and keeps serving everyone else.
package final class Connection: Sendable {
    /// Tuning shared by every connection of a node.
    struct Limits: Sendable {
        var tickTime: Duration
        var maxFrameLength: Int
        var maxQueuedBytes: Int
    }

    let peer: Handshake.Peer
    /// The peer's node name.
    package var peerName: String { peer.name }
    let id: UInt64
    private let socket: Socket?
    private let limits: Limits
    private let onFrame: @Sendable (Connection, Frame) -> Void
    private let onClose: @Sendable (Connection, String) -> Void

    private struct State {
        var queue: [[UInt8]] = []
        var queuedBytes = 0
        var closed: String?
        /// Someone — a sender writing directly, or the writer thread — owns the socket's write side.
        var writing = false
        var lastWrite = ContinuousClock.now
        /// Without a socket (tests drive the connection directly), what it would have sent.
        var sent: [[UInt8]] = []
    }
    private let state = Mutex(State())
    private let writerWake = DispatchSemaphore(value: 0)

    init(
        peer: Handshake.Peer, id: UInt64, socket: Socket?, limits: Limits,
        onFrame: @escaping @Sendable (Connection, Frame) -> Void,
        onClose: @escaping @Sendable (Connection, String) -> Void
    ) {
        self.peer = peer
        self.id = id
        self.socket = socket
        self.limits = limits
        self.onFrame = onFrame
        self.onClose = onClose
    }

    /// Starts the reader and the writer (a connection without a socket starts nothing).
    func start() {
        guard let socket else { return }
        SocketThreads.start("dist-read \(peer.name)") { self.readLoop(socket) }
        SocketThreads.start("dist-write \(peer.name)") { self.writeLoop(socket) }
    }

    package var isClosed: Bool { state.withLock { $0.closed != nil } }

    /// Sends an encoded frame; false if the connection is closed. Over the queue's cap the
    /// peer is too slow to keep: the connection closes.
    ///
    /// When nothing is queued and nobody is writing, the frame goes straight to the socket from
    /// the sender's thread — without waiting: what the kernel does not take at once is queued for
    /// the writer thread. That saves a thread hop (tens of µs) per message on an idle link, and a
    /// sender still never blocks on a slow peer.
    @discardableResult
    func send(_ frame: [UInt8]) -> Bool {
        enum Verdict { case closed, overflow, queued, direct }
        let verdict = state.withLock { s -> Verdict in
            guard s.closed == nil else { return .closed }
            if socket == nil { s.sent.append(frame); return .queued }
            if !s.writing && s.queue.isEmpty {
                s.writing = true
                return .direct
            }
            guard s.queuedBytes + frame.count <= limits.maxQueuedBytes else { return .overflow }
            s.queue.append(frame)
            s.queuedBytes += frame.count
            return .queued
        }
        switch verdict {
        case .closed: return false
        case .overflow:
            close("\(limits.maxQueuedBytes) bytes queued and not yet written: the peer reads too slowly")
            return false
        case .queued:
            if socket != nil { writerWake.signal() }
            return true
        case .direct:
            return writeDirectly(frame)
        }
    }

    /// Writes `frame` from the sender's thread, as far as the kernel takes it at once; the rest
    /// goes to the front of the queue for the writer thread.
    private func writeDirectly(_ frame: [UInt8]) -> Bool {
        guard let socket else { return false }
        let written: Int
        do {
            written = try socket.writeNow(frame[...])
        } catch {
            state.withLock { $0.writing = false }
            close("writing to the peer failed: \(error)")
            return false
        }
        let wake = state.withLock { s -> Bool in
            s.writing = false
            if written > 0 { s.lastWrite = .now }
            if written < frame.count {
                let rest = Array(frame[written...])
                s.queue.insert(rest, at: 0)
                s.queuedBytes += rest.count
            }
            return !s.queue.isEmpty
        }
        if wake { writerWake.signal() }
        return true
    }

    /// Closes the connection once; the node hears of it (with `reason`) before this returns.
    package func close(_ reason: String) {
        let first = state.withLock { s -> Bool in
            guard s.closed == nil else { return false }
            s.closed = reason
            s.queue = []
            s.queuedBytes = 0
            return true
        }
        guard first else { return }
        socket?.shutdown()
        writerWake.signal()
        onClose(self, reason)
    }

    /// Frames a socketless connection would have written (tests), emptied by reading.
    package func takeSent() -> [[UInt8]] {
        state.withLock { s in
            defer { s.sent = [] }; return s.sent
        }
    }

    /// Handles one whole frame as it came off the wire, length prefix included; false once the
    /// connection is closed. This is the reader's path minus the socket: tests and fuzzing
    /// drive it directly.
    @discardableResult
    package func receive(wire bytes: [UInt8]) -> Bool {
        guard !isClosed else { return false }
        guard bytes.count >= 4 else { close("a truncated frame header (\(bytes.count) bytes)"); return false }
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        if length == 0, bytes.count == 4 { return true }
        guard length <= limits.maxFrameLength else {
            close("\(FrameError.tooLong(length, limit: limits.maxFrameLength))")
            return false
        }
        guard bytes.count - 4 == length else {
            close("a frame announcing \(length) bytes carried \(bytes.count - 4)")
            return false
        }
        return receive(payload: Array(bytes[4...]))
    }

    /// Decodes and dispatches one frame's payload (never empty).
    private func receive(payload: [UInt8]) -> Bool {
        do {
            let frame = try Frame(payload: payload)
            onFrame(self, frame)
        } catch {
            close("\(error)")
        }
        return !isClosed
    }

    private func readLoop(_ socket: Socket) {
        let quarter = limits.tickTime / 4
        socket.setReceiveTimeout(quarter)
        var lastRead = ContinuousClock.now
        let idle = { [limits] () throws(SocketError) in
            if ContinuousClock.now - lastRead > limits.tickTime { throw .timedOut("ticks") }
        }
        // Bytes read and not yet handled, from `start` on: one `recv` takes whatever the peer has
        // sent — often several frames, or a frame and its header — instead of two per frame.
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var start = 0
        while !isClosed {
            do {
                if buffer.count - start >= 4 {
                    let length =
                        Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16
                        | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
                    guard length <= limits.maxFrameLength else {
                        close("\(FrameError.tooLong(length, limit: limits.maxFrameLength))")
                        return
                    }
                    if buffer.count - start >= 4 + length {
                        let payload = Array(buffer[(start + 4)..<(start + 4 + length)])
                        start += 4 + length
                        if length > 0 { guard receive(payload: payload) else { return } }
                        continue
                    }
                }
                if start > 0 {
                    buffer.removeFirst(start)
                    start = 0
                }
                try socket.readSome(into: &buffer, chunk: &chunk, idle: idle)
                lastRead = .now
            } catch .timedOut {
                close("no data, not even a tick, for over \(limits.tickTime) (net_ticktime): the peer is gone")
            } catch .closed {
                close("the peer closed the connection")
            } catch {
                close("\(error)")
            }
        }
    }

    private func writeLoop(_ socket: Socket) {
        let quarter = limits.tickTime / 4
        let wait = DispatchTimeInterval.nanoseconds(
            Int(quarter.components.seconds) * 1_000_000_000
                + Int(quarter.components.attoseconds / 1_000_000_000))
        while true {
            _ = writerWake.wait(timeout: .now() + wait)
            // A sender writing directly owns the socket; it wakes this thread if it left a queue.
            let taken = state.withLock { s -> (batch: [[UInt8]], closed: Bool, idle: Bool)? in
                if s.closed != nil { return ([], true, false) }
                if s.writing { return nil }
                let idle = ContinuousClock.now - s.lastWrite >= quarter
                guard !s.queue.isEmpty || idle else { return ([], false, false) }
                s.writing = true
                defer { s.queue = []; s.queuedBytes = 0 }
                return (s.queue, false, idle)
            }
            guard let (batch, closed, idle) = taken else { continue }
            if closed { return }
            var bytes = batch.count == 1 ? batch[0] : Array(batch.joined())
            if bytes.isEmpty {
                guard idle else { continue }
                bytes = Frame.tick
            }
            do {
                try socket.write(bytes)
            } catch {
                state.withLock { $0.writing = false }
                close("writing to the peer failed: \(error)")
                return
            }
            let more = state.withLock { s -> Bool in
                s.writing = false
                s.lastWrite = .now
                return !s.queue.isEmpty
            }
            if more { writerWake.signal() }
        }
    }
}
