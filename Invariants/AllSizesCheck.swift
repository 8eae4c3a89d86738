import Explorer
import GmemModel

/// The safety properties for every folio size N >= 1 at once: N = 1
/// concretely (there a subpage is its whole folio, which the abstraction
/// does not model), N >= 2 on the every-size abstraction
/// (`AbstractFolios`). A property the abstraction finds violated is
/// concretised: the concrete model is checked at N = 2, 3, ... up to
/// `concretiseUpTo`, and the smallest N that fails it gives a concrete
/// counterexample; if none does, the abstract trace may be spurious and
/// the verdict is unknown, not a pass.
public struct AllSizesCheck {
  public let config: ModelConfig
  public let invariants: [Invariant]
  public var limits = SearchLimits()
  public var threads = 1
  public var stop: StopRequest? = nil
  public var progress: ((SearchProgress) -> Void)? = nil
  /// The largest N a concretisation tries (at most 15 subpages in all).
  public var concretiseUpTo = 6

  public init(_ config: ModelConfig, invariants: [Invariant]) {
    self.config = config
    self.invariants = invariants
  }

  /// Runs the N = 1 check, the abstract search and, for abstract
  /// violations, the concrete checks at growing N.
  public func run() -> AllSizesResult {
    let single = concreteCheck(subpages: 1, invariants)
    let abstraction = AbstractFolios(config)
    // The search stops at its first violation (a concrete check decides
    // it); the caller's stop request is passed on from the same place.
    let halt = StopRequest()
    let stop = self.stop
    let properties = invariants.map { inv in
      let p = inv.property(for: abstraction)
      return Property<AbstractState>(always: p.name) { a in
        if stop?.isRequested == true { halt.request() }
        if p.holds(a) { return true }
        halt.request()
        return false
      }
    }
    var search = FrontierSearch(system: abstraction, properties: properties, limits: limits)
    search.threads = threads
    search.stop = halt
    search.progress = progress
    let abstract = search.run()
    var verdicts: [AllSizesVerdict] = []
    var concrete: [ConcreteCheck] = []
    var pending: [Int] = []
    for i in invariants.indices {
      if single.result.properties[i].verdict == .fail {
        verdicts.append(.fails(subpages: 1))
      } else if abstract.properties[i].verdict == .fail {
        verdicts.append(.unknown(triedUpTo: 1))
        pending.append(i)
      } else if abstract.properties[i].verdict == .incomplete && stop?.isRequested != true
        && !abstraction.overflow.isSet && abstract.properties.contains(where: { $0.verdict == .fail })
      {
        verdicts.append(.notDecided)
      } else if abstract.properties[i].verdict == .incomplete || abstraction.overflow.isSet
        || single.result.properties[i].verdict == .incomplete
      {
        verdicts.append(.incomplete)
      } else {
        verdicts.append(.proven)
      }
    }
    let largest = min(concretiseUpTo, GmemState.subpageCapacity / max(config.folios, 1))
    var n = 2
    while !pending.isEmpty && n <= largest && stop?.isRequested != true {
      let check = concreteCheck(subpages: n, pending.map { invariants[$0] })
      concrete.append(check)
      var still: [Int] = []
      for (j, i) in pending.enumerated() {
        switch check.result.properties[j].verdict {
        case .fail: verdicts[i] = .fails(subpages: n)
        case .incomplete:
          verdicts[i] = .incomplete
        case .pass:
          verdicts[i] = .unknown(triedUpTo: n)
          still.append(i)
        }
      }
      pending = still
      n += 1
    }
    return AllSizesResult(
      single: single, abstraction: abstraction, abstract: abstract, concrete: concrete, verdicts: verdicts)
  }

  /// The concrete, symmetry-reduced check of `properties` at N subpages.
  func concreteCheck(subpages n: Int, _ properties: [Invariant]) -> ConcreteCheck {
    var c = config
    c.subpages = n
    let model = GuestMemfd(c)
    var search = FrontierSearch(
      system: model, properties: properties.map { $0.property(for: model) }, limits: limits)
    search.canonical = Canonicalizer(model).canonical
    search.threads = threads
    search.stop = stop
    return ConcreteCheck(model: model, invariants: properties, result: search.run())
  }
}

/// One concrete check an every-size check ran.
public struct ConcreteCheck {
  public let model: GuestMemfd
  public let invariants: [Invariant]
  public let result: SearchResult<GmemState, Step>
}

/// What an every-size check concluded about one property.
public enum AllSizesVerdict: Equatable, Sendable {
  /// Holds for every N >= 1.
  case proven
  /// Fails; the concrete check at N = `subpages` (the smallest that
  /// fails it) has the counterexample.
  case fails(subpages: Int)
  /// The abstraction finds a violation that no N up to `triedUpTo`
  /// realises: it may be spurious, so nothing is proven.
  case unknown(triedUpTo: Int)
  /// A bound, an interrupt or a representative too wide stopped a search.
  case incomplete
  /// The abstract search stopped at another property's violation.
  case notDecided
}

public struct AllSizesResult {
  /// N = 1, concretely.
  public let single: ConcreteCheck
  public let abstraction: AbstractFolios
  public let abstract: SearchResult<AbstractState, AbstractStep>
  /// The concretisations, by growing N.
  public let concrete: [ConcreteCheck]
  /// Per property, in the order checked.
  public let verdicts: [AllSizesVerdict]

  /// The concrete check that holds the counterexample of a failure.
  public func check(for verdict: AllSizesVerdict) -> ConcreteCheck? {
    guard case .fails(let n) = verdict else { return nil }
    return n == 1 ? single : concrete.first { $0.model.config.subpages == n }
  }
}
