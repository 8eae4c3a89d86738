import Explorer
import Foundation
import GmemModel
import Invariants

/// `gmemcheck check CONFIG --all-sizes`: the safety properties for every
/// folio size N at once (`AllSizesCheck`), with concrete counterexamples.
enum AllSizesCommand {
  static func run(
    _ path: String, _ config: ModelConfig, _ selection: Selection, limits: SearchLimits,
    engine: EngineOptions, views: Bool = true, format: String
  ) -> ExitStatus {
    var check = AllSizesCheck(config, invariants: selection.invariants)
    check.limits = limits
    check.threads = engine.threads
    check.exact = engine.exact
    check.symmetry = engine.symmetry
    check.stop = Interrupt.request
    check.views = views
    if engine.progress { check.progress = Checking.printProgress }
    let result = check.run()
    let status = exitStatus(result)
    switch format {
    case "json": print(AllSizesReport.json(result, path: path, selection: selection))
    default: print(AllSizesReport.text(
        result, path: path, selection: selection, limits: limits, engine: engine))
    }
    return status
  }

  /// A failure is 1; else a verdict the abstraction could not settle, 4
  /// (unknown, not a pass); else a stopped search, 3; else 0.
  static func exitStatus(_ r: AllSizesResult) -> ExitStatus {
    if r.verdicts.contains(where: \.isFailure) { return .violation }
    if r.verdicts.contains(where: \.isUnknown) { return .unknown }
    if r.verdicts.contains(.incomplete) { return .incomplete }
    return .pass
  }
}
