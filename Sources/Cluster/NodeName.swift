/// The name of a node: `"a"`, `"b"`, … — Erlang's `'a@host'` without the host.
///
/// A node's name is stable across restarts; what changes on a restart is the node's
/// *incarnation* (``Pid/creation``), so that pids from before the restart are recognisably dead.
/// Names order as strings; every list of nodes the library hands out is sorted by name.
public struct NodeName: Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name as text.
    public let rawValue: String

    /// Creates a node name from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: NodeName, rhs: NodeName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
