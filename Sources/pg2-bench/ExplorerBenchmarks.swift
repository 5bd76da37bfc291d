import Cluster
import Demos

// `pg2-bench explore [bound…]`: the size of anomaly A4's space of delivery orders under pg2 —
// executions, distinct states, violating runs, and the cost of one execution — within each bound
// on deviations from oldest-first delivery (default 1, 2 and 3). `explore a4 --exhaustive` in the
// workbook command walks the whole, unbounded space (about 280 000 executions: minutes).

func explorerRows(bounds: [Int]) async throws {
    guard let a4 = Explorations.named("a4") else { return }
    print("anomaly A4 under pg2, every delivery order within the bound (no deepening, every violation counted)")
    print("bound  executions   states  violating   seconds   ms per execution")
    for bound in bounds {
        let report = try await Explorer.search(a4, maxDeviations: bound, deepening: false, stopAtFirst: false)
        let (whole, fraction) = report.elapsed.components
        let seconds = Double(whole) + Double(fraction) / 1e18
        let perExecution = seconds * 1000 / Double(max(report.executions, 1))
        print(
            String(bound).padding(toLength: 7, withPad: " ", startingAt: 0)
                + String(report.executions).leftPadded(10) + String(report.states).leftPadded(9)
                + String(report.violations).leftPadded(11) + String(format: "%10.2f", seconds)
                + String(format: "%19.2f", perExecution))
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
