import Explorer
import GmemModel

/// One computation of the views of two subpages (`PairViews`) an
/// every-size check ran, and the properties it was asked to decide.
public struct ViewsRun {
  public let invariants: [Invariant]
  public let result: PairViews.Result
  /// The properties it proves for every N >= 2.
  public let proven: [Invariant]
  /// Whether the views are of the design without content, with
  /// NoSilentDataLoss (last of `invariants`) tried by induction on every
  /// part.
  public var induction = false
}

extension PairViews.Completion {
  /// The bound or interrupt that stopped the views, as a search's: nil
  /// if none did (closed, or ended by what they met).
  var bound: Completion? {
    switch self {
    case .maxParts: .stateLimit
    case .memoryLimit: .memoryLimit
    case .interrupted: .interrupted
    case .closed, .untracedTest, .overflow, .violated: nil
    }
  }
}

extension Invariant {
  /// Whether the parts of the views of two subpages show this property's
  /// violations (`witnesses`): a violation needs no more subpages than a
  /// core holds, or is an ioctl's step, whose witnesses the parts follow.
  var decidableByViews: Bool {
    switch witnesses {
    case .subpages(let n): n <= PairViews.coreSize
    case .ioctlStep: true
    case nil: false
    }
  }
}

extension AllSizesCheck {
  /// The properties of `open` the views of two subpages prove for every
  /// N >= 2 are decided (proven where N = 1 passes); the rest are
  /// returned for the abstract searches. With content tracked, the views
  /// are of the design without it, and NoSilentDataLoss is tried by
  /// induction on every part (`ContentInduction`; docs/semantics.md).
  /// A violation on a part is no counterexample: the searches find one,
  /// or prove the property after all.
  func decideByViews(
    _ open: [Int], _ single: ConcreteCheck, _ verdicts: inout [AllSizesVerdict], _ runs: inout [ViewsRun]
  ) -> [Int] {
    guard config.folios == 1 else { return open }
    let views = AbstractFolios(config.trackData ? config.withoutContent : config)
    var candidates = open.filter { !invariants[$0].readsContent && invariants[$0].decidableByViews }
    let induction = open.first { invariants[$0].name == Invariant.noSilentDataLoss.name }
    if candidates.isEmpty && induction == nil { return open }
    let checked = candidates.map { invariants[$0] }
    let inductionBit = UInt64(1) << UInt64(checked.count)
    let steps: ((GuestMemfd, Action, WideState) -> UInt64)? = induction.map { _ in
      let content = ContentStepCheck(config)
      return { model, action, s in content.keepsContent(model, action, from: s) ? 0 : inductionBit }
    }
    let stop = self.stop
    // Nothing left to prove: every property failed on a part, or, when
    // the first concrete failure is all that is asked, any did.
    let all = inductionBit << (induction == nil ? 0 : 1) - 1
    let firstFailure = stopAtFirstFailure
    let result = PairViews(views).run(
      threads: threads, maxParts: limits.maxStates, maxBytes: limits.maxBytes, stop: { stop?.isRequested == true },
      hopeless: { firstFailure ? $0 != 0 : $0 == all }, stepViolations: steps,
      violations: Invariant.violations(of: checked, for: views))
    if let i = induction { candidates.append(i) }
    var proven: [Int] = []
    if result.isProof {
      for (j, i) in candidates.enumerated() where result.violated >> UInt64(j) & 1 == 0 {
        verdicts[i] = single.result.properties[i].verdict == .pass ? .proven : .incomplete
        proven.append(i)
      }
    }
    runs.append(
      ViewsRun(
        invariants: candidates.map { invariants[$0] }, result: result, proven: proven.map { invariants[$0] },
        induction: induction != nil))
    return open.filter { !proven.contains($0) }
  }
}
