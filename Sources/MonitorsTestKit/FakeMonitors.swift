import Cluster
import Monitors
import TestKit

/// A ``Monitors/MonitorService`` that monitors nothing: it hands out fresh refs
/// (`MonitorRef.fake(serial:)`, 1, 2, …) and records every call, so a test can count the
/// monitors taken and released without a node — chapter 2's `Memberships`, chapter 6's merge,
/// chapter 7's `ScopeState`. Used synchronously, from one test (hence `@unchecked Sendable`).
public final class FakeMonitors: MonitorService, @unchecked Sendable {
    /// Every `monitor` call, in order.
    public private(set) var monitored: [Pid] = []
    /// Every `demonitor` call, in order.
    public private(set) var demonitored: [MonitorRef] = []
    /// The monitors taken and not yet released.
    public private(set) var live: [MonitorRef: Pid] = [:]
    /// Every ref handed out, by the pid it was taken on, in order.
    public private(set) var refs: [Pid: [MonitorRef]] = [:]
    private var nextSerial: UInt64 = 0

    /// A fake that has handed out no ref yet. O(1).
    public init() {}

    /// Hands out the next fake ref for `pid` and records the call. O(1) amortised, plus one small
    /// JSON decoding for the ref (`MonitorRef.fake(serial:)`).
    public func monitor(_ pid: Pid) -> MonitorRef {
        nextSerial += 1
        let ref = MonitorRef.fake(serial: nextSerial)
        monitored.append(pid)
        live[ref] = pid
        refs[pid, default: []].append(ref)
        return ref
    }

    /// Records the call and releases `ref`'s monitor, if it is live. O(1) amortised.
    public func demonitor(_ ref: MonitorRef) {
        demonitored.append(ref)
        live[ref] = nil
    }

    /// The pids with a live monitor, sorted.
    public var livePids: [Pid] { live.values.sorted() }
}
