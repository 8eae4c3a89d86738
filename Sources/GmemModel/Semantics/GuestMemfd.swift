import Explorer

/// The transition system of one guest_memfd file: MODEL.md sections 1-2
/// for a configuration. `docs/semantics.md` records every choice made
/// where MODEL.md is silent.
public struct GuestMemfd: TransitionSystem, Sendable {
  public let config: ModelConfig
  /// The ranges a request or hole punch may name: each subpage, then (for
  /// N > 1) the whole folio, folio by folio.
  public let ranges: [ClosedRange<Int>]
  /// Every action but `convert` (whose operands are the pending request),
  /// in successor order.
  public let fixedActions: [Action]
  /// Whether optional fields need putting in canonical form after a step.
  @usableFromInline let needsNormalizing: Bool
  /// `fixedActions` cut into runs of one kind, in order (see
  /// `forEachSuccessor`).
  @usableFromInline let runs: [(kind: ActionKind, actions: Range<Int>)]
  /// `config.mutants` as a bit set (see `has`): steps test mutants on every
  /// call, and the configuration keeps them in an array.
  @usableFromInline let mutantBits: UInt16
  /// `config.assumes(.hostQuiescesDuringConversion)`, for the same reason.
  @usableFromInline let hostQuiesces: Bool
  /// `config.assumes(.transientRefsSettle)`, for the same reason.
  @usableFromInline let refsSettle: Bool
  /// `config.shortPinCeiling`, for the same reason.
  @usableFromInline let shortPinCeiling: Int

  public init(_ config: ModelConfig) {
    self.config = config
    var ranges: [ClosedRange<Int>] = []
    for f in 0..<config.folios {
      let whole = f * config.subpages...(f + 1) * config.subpages - 1
      for p in whole { ranges.append(p...p) }
      if config.subpages > 1 { ranges.append(whole) }
    }
    self.ranges = ranges
    let subpages = 0..<config.totalSubpages
    var actions: [Action] = []
    let vcpus = 0..<config.vcpus
    for v in vcpus {
      for r in ranges {
        actions.append(Action(.guestRequest, r, to: .private, vcpu: v))
        actions.append(Action(.guestRequest, r, to: .shared, vcpu: v))
      }
    }
    for kind in [ActionKind.guestAccess, .hostFault, .hostUnmap, .pin, .unpin] {
      actions += subpages.map { Action(kind, $0...$0) }
    }
    // Placeholders: `forEachSuccessor` expands each vCPU's `convert` into
    // the ioctls its pending request allows.
    actions += vcpus.map { Action(.convert, vcpu: $0) }
    actions += vcpus.map { Action(.abandon, vcpu: $0) }
    actions += ranges.map { Action(.punchHole, $0) }
    actions.append(Action(.close))
    for kind in [ActionKind.dmaMap, .dmaUnmap] {
      actions += subpages.map { Action(kind, $0...$0) }
    }
    if config.transientRefs {
      for kind in [ActionKind.takeRef, .dropRef] {
        actions += subpages.map { Action(kind, $0...$0) }
      }
    }
    if config.backing == .huge {
      let n = config.subpages
      actions += (0..<config.folios).map { Action(.merge, $0 * n...($0 + 1) * n - 1) }
    }
    if config.migration == .shared4K {
      actions += subpages.map { Action(.migrate, $0...$0) }
    }
    self.fixedActions = actions
    var runs: [(kind: ActionKind, actions: Range<Int>)] = []
    for (i, a) in actions.enumerated() {
      if let last = runs.last, last.kind == a.kind {
        runs[runs.count - 1].actions = last.actions.lowerBound..<i + 1
      } else {
        runs.append((a.kind, i..<i + 1))
      }
    }
    self.runs = runs
    self.needsNormalizing =
      config.trackData || config.migration == .shared4K || config.has(.migratePinned)
    self.mutantBits = config.mutants.reduce(0) { $0 | Self.bit($1) }
    self.hostQuiesces = config.assumes(.hostQuiescesDuringConversion)
    self.refsSettle = config.assumes(.transientRefsSettle)
    self.shortPinCeiling = config.shortPinCeiling
  }

  /// Whether the configuration applies mutant `m` (`config.has(m)`).
  @inlinable @inline(always)
  func has(_ m: Mutant) -> Bool { mutantBits & Self.bit(m) != 0 }

  /// `m`'s bit in `mutantBits`: a switch, so that `has(.someMutant)` folds
  /// to a constant mask.
  @inlinable @inline(always)
  static func bit(_ m: Mutant) -> UInt16 {
    switch m {
    case .skipUnmapOnConvert: 1 << 0
    case .skipRefcountCheck: 1 << 1
    case .freePiecesToBuddy: 1 << 2
    case .mergeWithPins: 1 << 3
    case .skipSplitOnShare: 1 << 4
    case .unboundedPins: 1 << 5
    case .skipIommuInvalidate: 1 << 6
    case .migratePinned: 1 << 7
    case .spinOnPins: 1 << 8
    }
  }

  @inline(always)
  public var subpageIndices: Range<Int> { 0..<config.folios * config.subpages }

  @inline(always)
  public func folio(of p: Int) -> Int { p / config.subpages }

  @inline(always)
  public func folioRange(_ f: Int) -> ClosedRange<Int> {
    f * config.subpages...(f + 1) * config.subpages - 1
  }

  /// Whether `range` is a whole folio (true for every range when N = 1).
  @inline(always)
  public func isWholeFolio(_ range: ClosedRange<Int>) -> Bool {
    let whole = folioRange(folio(of: range.lowerBound))
    return range.lowerBound == whole.lowerBound && range.upperBound == whole.upperBound
  }

  /// All subpages hole, attributes from `initShared`, folios huge, file
  /// open, no request.
  public var initialState: GmemState {
    var s = GmemState()
    for p in subpageIndices { s[subpage: p] = Subpage(attr: config.initShared ? .shared : .private) }
    return s
  }

  public func initialStates() -> [GmemState] { [initialState] }

  /// The action as it would run now: nil when its precondition is false,
  /// else its outcome and the next state (equal to `state` when a failure
  /// changes nothing).
  public func apply<S: ModelState>(_ action: Action, to state: S) -> (Outcome, S)? {
    step(action, from: state).map { ($0.0.outcome, $0.1) }
  }

  /// As `apply`, with the transition's whole label (a failed conversion's
  /// error offset too).
  public func step<S: ModelState>(_ action: Action, from state: S) -> (Step, S)? {
    withTransition(of: action.kind, from: state) { $0(action) }
  }

  /// `step` on the packed state, specialised here: other modules call it.
  public func step(_ action: Action, from state: GmemState) -> (Step, GmemState)? {
    withTransition(of: action.kind, from: state) { $0(action) }
  }

  /// `step` on the wide state, specialised here: the views' content
  /// check calls it from another module (unspecialised, its metadata
  /// lookups were most of that check's time).
  public func step(_ action: Action, from state: WideState) -> (Step, WideState)? {
    withTransition(of: action.kind, from: state) { $0(action) }
  }

  /// Calls `use` with the transition of `kind` out of `state` (nil where
  /// an action is disabled; normalized): the one table of transitions,
  /// for `step` and `forEachSuccessor`.
  @inlinable @inline(always)
  func withTransition<R, S: ModelState>(
    of kind: ActionKind, from state: S,
    _ use: ((Action) -> (Step, S)?) -> R
  ) -> R {
    switch kind {
    case .guestRequest: use { labelled($0, guestRequest($0.range, to: $0.to, vcpu: Int($0.vcpu), in: state)) }
    case .guestAccess: use { labelled($0, guestAccess($0.subpage, in: state)) }
    case .hostFault: use { labelled($0, hostFault($0.subpage, in: state)) }
    case .hostUnmap: use { labelled($0, hostUnmap($0.subpage, in: state)) }
    case .pin: use { labelled($0, pin($0.subpage, in: state)) }
    case .unpin: use { labelled($0, unpin($0.subpage, in: state)) }
    case .convert:
      use { a in
        guard case .done(let outcome, let offset, let next) = ioctl(a, in: state) else { return nil }
        return labelled(a, (outcome, next), errorOffset: offset)
      }
    case .abandon: use { labelled($0, abandon(vcpu: Int($0.vcpu), in: state)) }
    case .punchHole: use { labelled($0, punchHole($0.range, in: state)) }
    case .close: use { labelled($0, close(in: state)) }
    case .dmaMap: use { labelled($0, dmaMap($0.subpage, in: state)) }
    case .dmaUnmap: use { labelled($0, dmaUnmap($0.subpage, in: state)) }
    case .takeRef: use { labelled($0, takeRef($0.subpage, in: state)) }
    case .dropRef: use { labelled($0, dropRef($0.subpage, in: state)) }
    case .merge: use { labelled($0, merge(folio(of: $0.subpage), in: state)) }
    case .migrate: use { labelled($0, migrate($0.subpage, in: state)) }
    }
  }

  /// `result` as a labelled transition, its state in canonical form if
  /// the configuration has optional fields.
  @inlinable @inline(always)
  func labelled<S: ModelState>(_ action: Action, _ result: (Outcome, S)?, errorOffset: Int? = nil)
    -> (Step, S)?
  {
    guard let (outcome, state) = result else { return nil }
    var next = state
    if needsNormalizing { normalize(&next) }
    return (Step(action, outcome, errorOffset: errorOffset), next)
  }

  /// The ioctls the VMM may issue for vCPU v's pending request, in
  /// successor order: the whole range, then (a whole folio of N > 1) each
  /// page whose attribute is not yet the target (MODEL.md 6.1).
  @inlinable @inline(always)
  public func forEachIoctl<S: ModelState>(vcpu v: Int, in state: S, _ body: (Action) -> Void) {
    guard let r = state.request(v) else { return }
    body(Action(.convert, r.range, to: r.to, vcpu: v))
    guard r.first != r.last else { return }
    for p in r.range where state[subpage: p].attr != r.to {
      body(Action(.convert, p...p, to: r.to, vcpu: v, byPage: true))
    }
  }

  /// Every enabled action in `fixedActions` order, self-loops (failures
  /// that change nothing, faults at the mapping bound) included: the
  /// engine counts no state for them, but fairness and deadlock need them.
  ///
  /// The checker's inner loop: tens of millions of calls a second. So it,
  /// and every transition and accessor it reaches, is `@inline(always)`
  /// (and inlinable: the engine, in another module, compiles the whole of
  /// it into its search loop, with its closure): a call per action, its
  /// optional result passed through memory, costs more than most actions'
  /// work. It switches on the kind once per run of `fixedActions`, each
  /// run a loop over one transition.
  @inline(always)
  public func forEachSuccessor(of state: GmemState, _ body: (Step, GmemState) -> Void) {
    forEachTransition(of: state, body)
  }

  /// `forEachSuccessor` on any state type (the every-size abstraction's
  /// representatives too).
  @inline(always)
  public func forEachTransition<S: ModelState>(of state: S, _ body: (Step, S) -> Void) {
    for run in runs {
      withTransition(of: run.kind, from: state) { transition in
        for i in run.actions {
          if run.kind == .convert {
            forEachIoctl(vcpu: Int(fixedActions[i].vcpu), in: state) { action in
              if let (step, next) = transition(action) { body(step, next) }
            }
          } else if let (step, next) = transition(fixedActions[i]) {
            body(step, next)
          }
        }
      }
    }
  }

  /// MODEL.md 2.2: a closed file whose folios are all back in the pool.
  public func isProperEnd(_ state: GmemState) -> Bool {
    state.closed && allInPool(state)
  }

  /// Every folio is in the pool: every index and every piece a hole, and
  /// (huge backing) every layout huge.
  public func allInPool(_ state: GmemState) -> Bool {
    subpageIndices.allSatisfy { state[subpage: $0].life == .hole && state[subpage: $0].pieceLife == .hole }
      && (config.backing == .base || (0..<config.folios).allSatisfy { state.layout(ofFolio: $0) == .huge })
  }

  /// Action kinds this configuration has, for coverage: each transition
  /// counts under its kind.
  public var coverageClasses: (names: [String], classOf: @Sendable (Step) -> Int) {
    let kinds = ActionKind.allCases.filter { k in fixedActions.contains { $0.kind == k } }
    var index = [Int](repeating: 0, count: ActionKind.allCases.count)
    for (i, k) in kinds.enumerated() { index[Int(k.rawValue)] = i }
    let table = index
    return (kinds.map(\.name), { table[Int($0.action.kind.rawValue)] })
  }
}
