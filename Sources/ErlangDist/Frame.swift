/// Frames: how a connection carries control messages once the handshake is done.
///
/// Every frame is `Len:32 | Payload`. A frame of length 0 is a **tick**: it says only "I am
/// still here", and nodes send one whenever they have written nothing for a quarter of the tick
/// time. Any other payload is, on a link without an atom cache, `112 ('p')`, then the control
/// message as a term (its own 131 byte first), then for SEND and REG_SEND the message term.
///
/// Decoding is the first thing a peer's bytes meet, so it checks everything: the length against
/// a limit before allocating, the pass-through byte, each term, the operation, and that nothing
/// is left over.
public struct Frame: Sendable, Equatable {
    public var control: ControlMessage
    /// The message of a SEND or REG_SEND; nil for the other operations.
    public var message: Term?

    /// A frame of `control`, with `message` for SEND and REG_SEND. O(1).
    public init(control: ControlMessage, message: Term? = nil) {
        self.control = control
        self.message = message
    }

    /// The largest frame a node accepts by default: 64 MiB.
    public static let defaultMaxLength = 64 << 20

    /// The tick: a frame of length 0.
    static let tick: [UInt8] = [0, 0, 0, 0]

    /// The whole frame, length prefix included.
    /// - Complexity: O(n) for the frame's n bytes, plus the sorting of small maps' keys that
    ///   `ExternalTermFormat.encode(_:)` does.
    public func encoded() throws(TermEncodingError) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0, 112]
        try ExternalTermFormat.encode(control.term, into: &bytes)
        if let message { try ExternalTermFormat.encode(message, into: &bytes) }
        let length = UInt32(bytes.count - 4)
        for i in 0..<4 { bytes[i] = UInt8(truncatingIfNeeded: length >> (24 - 8 * UInt32(i))) }
        return bytes
    }

    /// Decodes one frame's payload (the bytes after its length; never empty: that is a tick).
    /// - Complexity: As `ExternalTermFormat.decode(_:)` for its one or two terms: O(n) for the
    ///   payload's n bytes (no copy of them), plus map keys' hashes; the control message is O(1).
    public init(payload: [UInt8]) throws(FrameError) {
        guard let first = payload.first else { throw .malformedControl("an empty payload") }
        guard first == 112 else { throw .notPassThrough(first) }
        let controlTerm: Term
        var end: Int
        do { (controlTerm, end) = try ExternalTermFormat.decode(payload, at: 1) } catch {
            throw .malformedTerm("the control message: \(error)")
        }
        let control = try ControlMessage(controlTerm)
        var message: Term?
        if control.carriesMessage {
            do { (message, end) = try ExternalTermFormat.decode(payload, at: end) } catch {
                throw .malformedTerm("the message: \(error)")
            }
        }
        guard end == payload.count else { throw .trailingBytes(payload.count - end) }
        self.init(control: control, message: message)
    }
}

/// Why a frame was refused: each case reads as a log line, and each closes the connection.
public enum FrameError: Error, Equatable, CustomStringConvertible {
    case tooLong(Int, limit: Int)
    case notPassThrough(UInt8)
    case malformedTerm(String)
    case malformedControl(String)
    case unknownOperation(Int64)
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .tooLong(let length, let limit): "a frame of \(length) bytes, over the limit of \(limit)"
        case .notPassThrough(let byte): "a frame starting with \(byte), not 112 (pass-through)"
        case .malformedTerm(let what): "a malformed term in \(what)"
        case .malformedControl(let what): "a malformed control message: \(what)"
        case .unknownOperation(let op): "an unknown control operation \(op)"
        case .trailingBytes(let n): "\(n) bytes after the frame's last term"
        }
    }
}
