import Testing

@testable import GmemModel

/// A model with MODEL.md's default design and the smallest bounds, one
/// folio of four subpages unless told otherwise; the design knobs of
/// docs/semantics.md ("Design knobs") default to the default design, with
/// no assumption and the default fairness.
func model(
  folios: Int = 1, subpages: Int = 4, backing: Backing = .huge, initShared: Bool = false,
  maxMappers: Int = 1, maxShortPins: Int = 1, maxLongPins: Int = 1,
  split: SplitPolicy = .onConversion, longTermPins: LongTermPins = .allowed,
  refcount: Refcount = .perSubpage, migration: Migration = .none, trackData: Bool = false,
  conversionContent: ConversionContent = .preserve, transientRefs: Bool = false,
  partialPunch: PartialPunch = .zero, vcpus: Int = 1, mutants: [Mutant] = [],
  assume: [Assumption] = [], fairness: [ActionKind]? = nil
) -> GuestMemfd {
  var config = ModelConfig()
  config.folios = folios
  config.subpages = subpages
  config.backing = backing
  config.initShared = initShared
  config.maxMappers = maxMappers
  config.maxShortPins = maxShortPins
  config.maxLongPins = maxLongPins
  config.split = split
  config.longTermPins = longTermPins
  config.refcount = refcount
  config.migration = migration
  config.trackData = trackData
  config.conversionContent = conversionContent
  config.transientRefs = transientRefs
  config.partialPunch = partialPunch
  config.vcpus = vcpus
  config.mutants = mutants.sorted()
  config.assumptions = assume
  if let fairness { config.fairness = fairness }
  return GuestMemfd(config)
}

/// Short names for the actions, as a trace would spell them.
extension Action {
  static func request(_ range: ClosedRange<Int>, to: Attr) -> Action {
    Action(.guestRequest, range, to: to)
  }
  static func access(_ p: Int) -> Action { Action(.guestAccess, p...p) }
  static func fault(_ p: Int) -> Action { Action(.hostFault, p...p) }
  static func unmap(_ p: Int) -> Action { Action(.hostUnmap, p...p) }
  static func pin(_ p: Int) -> Action { Action(.pin, p...p) }
  static func unpin(_ p: Int) -> Action { Action(.unpin, p...p) }
  /// The ioctl on vCPU 0's whole pending request, whatever it is: the
  /// helpers below (`reach`, `run`, `outcome`, `enabled`) resolve it.
  static var convert: Action { Action(.convert, 15...15) }
  /// One page of vCPU 0's pending whole-folio request.
  static func convertPage(_ p: Int, to: Attr) -> Action { Action(.convert, p...p, to: to, byPage: true) }
  static func abandon(vcpu: Int = 0) -> Action { Action(.abandon, vcpu: vcpu) }
  static func takeRef(_ p: Int) -> Action { Action(.takeRef, p...p) }
  static func dropRef(_ p: Int) -> Action { Action(.dropRef, p...p) }
  static func punch(_ range: ClosedRange<Int>) -> Action { Action(.punchHole, range) }
  static var close: Action { Action(.close) }
  static func dmaMap(_ p: Int) -> Action { Action(.dmaMap, p...p) }
  static func dmaUnmap(_ p: Int) -> Action { Action(.dmaUnmap, p...p) }
  /// Merge of the folio holding subpage `p`.
  static func merge(_ p: Int) -> Action { Action(.merge, p...p) }
  static func migrate(_ p: Int) -> Action { Action(.migrate, p...p) }
}

extension GmemState {
  /// vCPU 0's request: the one request of a one-vCPU model.
  var request: Request? {
    get { request(0) }
    set { setRequest(0, newValue) }
  }
}

extension GuestMemfd {
  /// The ioctl on vCPU 0's whole pending request, if there is one.
  func convertAction(in s: GmemState) -> Action? {
    s.request(0).map { Action(.convert, $0.range, to: $0.to) }
  }

  /// `a`, with `Action.convert` resolved against `s`.
  func resolved(_ a: Action, _ s: GmemState) -> Action {
    a == .convert ? (convertAction(in: s) ?? a) : a
  }

  /// The state reached from the initial state by `actions`, each of which
  /// must be enabled and return `ok`.
  func reach(
    _ actions: [Action], from start: GmemState? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> GmemState {
    var s = start ?? initialState
    for a in actions {
      let a = resolved(a, s)
      let (outcome, next) = try #require(
        apply(a, to: s), "\(describe(a)) is not enabled", sourceLocation: sourceLocation)
      try #require(
        outcome == .ok, "\(describe(a)) returned \(outcome.name)", sourceLocation: sourceLocation)
      s = next
    }
    return s
  }

  /// `apply`, requiring the action to be enabled.
  func run(
    _ action: Action, _ s: GmemState, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> (Outcome, GmemState) {
    let action = resolved(action, s)
    return try #require(
      apply(action, to: s), "\(describe(action)) is not enabled", sourceLocation: sourceLocation)
  }

  /// The outcome of `apply`, requiring the action to be enabled.
  func outcome(
    _ action: Action, _ s: GmemState, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Outcome {
    try run(action, s, sourceLocation: sourceLocation).0
  }

  /// Every state reachable from the initial state (a small model only).
  func reachableStates() -> Set<GmemState> {
    var seen: Set<GmemState> = [initialState]
    var queue = [initialState]
    while let s = queue.popLast() {
      forEachSuccessor(of: s) { _, next in
        if seen.insert(next).inserted { queue.append(next) }
      }
    }
    return seen
  }

  /// Whether the action's precondition holds.
  func enabled(_ action: Action, _ s: GmemState) -> Bool { apply(resolved(action, s), to: s) != nil }

  /// The kinds of every enabled action (`convert` for the pending request).
  func enabledKinds(_ s: GmemState) -> Set<ActionKind> {
    var kinds: Set<ActionKind> = []
    forEachSuccessor(of: s) { step, _ in kinds.insert(step.action.kind) }
    return kinds
  }
}

/// A subpage with the given fields (the rest at rest). `written` and
/// `expected` are the content and its ghost (`trackData`).
func page(
  _ attr: Attr, _ life: Life, mapped: Int = 0, shortPins: Int = 0, longPins: Int = 0,
  guestMapped: Bool = false, iommuMapped: Bool = false, written: Bool = false,
  expected: Bool = false, migrated: Bool = false, stalePins: Bool = false,
  pieceFreed: Bool = false, transient: Bool = false
) -> Subpage {
  var s = Subpage(attr: attr)
  s.life = life
  s.mapped = mapped
  s.shortPins = shortPins
  s.longPins = longPins
  s.guestMapped = guestMapped
  s.iommuMapped = iommuMapped
  s.written = written
  s.expectedWritten = expected
  s.migrated = migrated
  s.stalePins = stalePins
  s.pieceFreed = pieceFreed
  s.transient = transient
  return s
}

extension GmemState {
  /// Every subpage in `range` set to `life`.
  mutating func setLife(_ life: Life, _ range: ClosedRange<Int>) {
    for p in range { self[subpage: p].life = life }
  }
}

/// The error a configuration text raises, or nil if it loads.
func failure(_ text: String, overrides: [String] = []) -> ConfigError? {
  do {
    _ = try ModelConfig.parse(text, source: "cfg.json5", overrides: overrides)
    return nil
  } catch {
    return error
  }
}

/// The error an override raises on the default configuration.
func overrideFailure(_ text: String) -> ConfigError? {
  var c = ModelConfig()
  do {
    try c.apply(override: text)
    return nil
  } catch {
    return error
  }
}
