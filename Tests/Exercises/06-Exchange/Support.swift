import Cluster
import Exchange
import GlobalLock
import Testing

/// `[<a.1>, <c.2>]`, or `no group g`.
func show(_ members: [Pid]?) -> String { members.map { "\($0)" } ?? "no group g" }
