import Foundation

/// git, run through ``Launcher`` in a fixed environment: no optional locks (so reading the status
/// changes nothing in the repository) and untranslated messages.
enum Git {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// This process's environment, with `GIT_OPTIONAL_LOCKS=0` and `LC_ALL=C`.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        return environment
    }

    /// git's standard output, or why it failed: git missing, or git's own first error line.
    static func run(_ arguments: [String], in folder: URL) -> Result<String, Failure> {
        guard let result = try? Launcher.capture(["git"] + arguments, in: folder, environment: environment) else {
            return .failure(Failure(description: "git could not be started"))
        }
        switch result.status {
        case 0: return .success(result.output)
        case 127: return .failure(Failure(description: "git is not installed (or not on the PATH)"))
        default:
            let line = result.error.split(separator: "\n").first.map(String.init)
            return .failure(Failure(description: line ?? "git \(arguments.first ?? "") failed (exit \(result.status))"))
        }
    }
}
