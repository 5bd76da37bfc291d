import Cluster
import ErlangDist

/// A message to a Swift process, read as a gen_server reads it: a call (`'$gen_call'`), a cast
/// (`'$gen_cast'`) or a plain message (an info), and inside it either a Swift call
/// (`{'$swift_call', …}`) or a request in a declared shape (`Selector` or `{Selector, Arg…}`).
struct IncomingRequest {
    let kind: ErlangRequestKind
    /// The request inside the envelope (the whole message for an info).
    let request: Term
    /// The call's `From` and `Tag`, for a call.
    let call: GenServerCall?

    init(_ message: Term) {
        if let call = GenServerCall(message) {
            (kind, request, self.call) = (.call, call.request, call)
        } else if case .tuple(let e) = message, e.count == 2, e[0] == .atom("$gen_cast") {
            (kind, request, call) = (.cast, e[1], nil)
        } else {
            (kind, request, call) = (.info, message, nil)
        }
    }

    /// Whether the request is a Swift call, `{'$swift_call', Function, Substitutions, Arguments}`.
    var isSwiftCall: Bool {
        if case .tuple(let e) = request, e.count == 4, e[0] == .atom("$swift_call") { return true }
        return false
    }

    /// The request as `{Selector, Arg…}` (or a bare `Selector`); nil if it is not of that shape.
    var shaped: (selector: String, arguments: [Term])? {
        switch request {
        case .atom(let name): (name, [])
        case .tuple(let e) where e.first?.atomText != nil: (e[0].atomText!, Array(e.dropFirst()))
        default: nil
        }
    }
}
