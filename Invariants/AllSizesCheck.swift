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
  /// Store whole abstract states instead of 64-bit fingerprints (the
  /// concrete checks too), as `check --exact` does.
  public var exact = false
  /// Store one abstract state of each pair that differ only by which
  /// vCPU is which (`AbstractFolios.canonical`), with two vCPUs.
  public var symmetry = true
  public var stop: StopRequest? = nil
  public var progress: ((SearchProgress) -> Void)? = nil
  /// The largest N a concretisation tries (at most 15 subpages in all).
  public var concretiseUpTo = 6
  /// Stop at the first property with a concrete counterexample (the rest
  /// stay `notDecided`): all `report --all-sizes` needs of a design that
  /// is not safe for every N, without the minutes of proving the rest.
  public var stopAtFirstFailure = false
  /// Try the views of two subpages (`PairViews`, one folio) before the
  /// abstract searches: what they prove is not searched. The default:
  /// they prove every design in the catalog in minutes at most, where
  /// the searches cannot finish for some (docs/semantics.md).
  public var views = true

  public init(_ config: ModelConfig, invariants: [Invariant]) {
    self.config = config
    self.invariants = invariants
  }

  /// Runs the N = 1 check, then abstract searches: each stops at its
  /// first violation, which the concrete checks at N = 2, 3, ... decide,
  /// and the next searches the properties still open, until one runs to
  /// the end (a proof for what is left) or is stopped. With content
  /// tracked, NoSilentDataLoss is tried by induction first and the other
  /// properties are searched on the model without content (`groups`).
  public func run() -> AllSizesResult {
    let single = concreteCheck(subpages: 1, invariants)
    var verdicts: [AllSizesVerdict] = invariants.indices.map {
      single.result.properties[$0].verdict == .fail ? .fails(subpages: 1) : .notDecided
    }
    var found = Found(traces: Array(repeating: nil, count: invariants.count))
    var open = invariants.indices.filter { verdicts[$0] == .notDecided }
    var viewsSkipped = false
    if !(stopAtFirstFailure && open.count < invariants.count) {
      if views {
        viewsSkipped = config.folios != 1 && !open.isEmpty
        open = decideByViews(open, single, &verdicts, &found.views)
      }
      for group in groups(open) {
        if stop?.isRequested == true {
          for i in group.members { verdicts[i] = .incomplete }
        } else if !(stopAtFirstFailure && verdicts.contains(where: \.isFailure)) {
          var members = group.members
          if let induction = group.induction,
            let i = members.first(where: { invariants[$0].name == Invariant.noSilentDataLoss.name }),
            decide(i, byInduction: induction, single, &verdicts, &found)
          {
            members.removeAll { $0 == i }
          }
          // Without a proof by induction, a search with content.
          search(members, on: group.abstraction, single, &verdicts, &found)
        }
      }
    }
    return AllSizesResult(
      config: config, single: single, vcpuSymmetry: vcpuSymmetry, views: found.views,
      viewsSkipped: viewsSkipped, abstract: found.runs,
      abstractTraces: found.traces, concrete: found.concrete, verdicts: verdicts)
  }

  /// The abstract searches and concretisations a check ran.
  struct Found {
    var traces: [AbstractTrace?]
    var runs: [AbstractRun] = []
    var views: [ViewsRun] = []
    var concrete: [ConcreteCheck] = []
  }

  /// Property `i` by induction, on its own search: whether that decided
  /// it (proven, or not decided because stopped); if not, the search
  /// with content does.
  func decide(
    _ i: Int, byInduction induction: ContentInduction, _ single: ConcreteCheck,
    _ verdicts: inout [AllSizesVerdict], _ found: inout Found
  ) -> Bool {
    let result = inductionSearch(induction)
    found.runs.append(
      AbstractRun(abstraction: induction.ghostFree, invariants: [invariants[i]], result: result, induction: true))
    let overflow = induction.ghostFree.overflow.isSet || induction.full.overflow.isSet
    if result.completion == .exhausted && !overflow && result.properties[0].verdict == .pass {
      verdicts[i] = single.result.properties[i].verdict == .pass ? .proven : .incomplete
      return true
    }
    if stop?.isRequested == true {
      verdicts[i] = .incomplete
      return true
    }
    return false
  }

  /// The abstractions the open properties are searched on, in order,
  /// each with its properties. Content (`trackData`) is a ghost no step
  /// reads (`ModelConfig.withoutContent`): the properties that do not
  /// read it are searched without it, on far fewer abstract states, and
  /// NoSilentDataLoss is first tried by induction on those states
  /// (`ContentInduction`), then, if that fails, searched with content;
  /// that first, so that a violation is found before the long searches.
  func groups(_ open: [Int]) -> [Group] {
    if open.isEmpty { return [] }
    let ghostFree = open.filter { !invariants[$0].readsContent }
    let readers = open.filter { invariants[$0].readsContent }
    guard config.trackData else { return [Group(abstraction: AbstractFolios(config), members: open)] }
    let induction = ContentInduction(config)
    var out: [Group] = []
    if !readers.isEmpty { out.append(Group(abstraction: induction.full, members: readers, induction: induction)) }
    if !ghostFree.isEmpty { out.append(Group(abstraction: induction.ghostFree, members: ghostFree)) }
    return out
  }

  /// Properties searched on one abstraction.
  struct Group {
    let abstraction: AbstractFolios
    let members: [Int]
    /// For NoSilentDataLoss: the induction tried before the search.
    var induction: ContentInduction? = nil
  }

  /// The search of NoSilentDataLoss's induction alone (nil unless the
  /// design tracks content): its one property fails where the induction
  /// does.
  public func contentInductionSearch() -> SearchResult<AbstractState, AbstractStep>? {
    config.trackData ? inductionSearch(ContentInduction(config)) : nil
  }

  /// The induction's search: over the design without content, to the
  /// first state where it fails (or the end).
  func inductionSearch(_ induction: ContentInduction) -> SearchResult<AbstractState, AbstractStep> {
    let property = induction.property
    return abstractSearch(induction.ghostFree, [property]) { property.holds($0) ? 0 : 1 }
  }

  /// The searches of the properties `open` on `abstraction`, each to its
  /// first violation, until one ends without (or is stopped).
  func search(
    _ group: [Int], on abstraction: AbstractFolios, _ single: ConcreteCheck,
    _ verdicts: inout [AllSizesVerdict], _ found: inout Found
  ) {
    var open = group
    while !open.isEmpty {
      let result = abstractSearch(abstraction, open.map { invariants[$0] })
      found.runs.append(AbstractRun(abstraction: abstraction, invariants: open.map { invariants[$0] }, result: result))
      var failed: [Int] = []
      for (j, i) in open.enumerated() {
        let p = result.properties[j]
        if p.verdict == .fail {
          failed.append(i)
          found.traces[i] = p.counterexample.map { AbstractTrace(trace: $0, abstraction: abstraction) }
        } else if result.completion == .exhausted && !abstraction.overflow.isSet {
          verdicts[i] = single.result.properties[i].verdict == .pass ? .proven : .incomplete
        }
      }
      if failed.isEmpty {
        // Exhausted (all proven), or stopped by a bound or the user.
        for i in open where verdicts[i] == .notDecided { verdicts[i] = .incomplete }
        return
      }
      for (i, v) in concretise(failed, into: &found.concrete) { verdicts[i] = v }
      open = open.filter { !failed.contains($0) }
      if stopAtFirstFailure && verdicts.contains(where: \.isFailure) { return }
      if stop?.isRequested == true {
        for i in open { verdicts[i] = .incomplete }
        return
      }
    }
  }

  /// One abstract search of `properties`, stopped at its first violation
  /// (or by the caller's stop request, passed on from the same place).
  func abstractSearch(_ abstraction: AbstractFolios, _ properties: [Invariant])
    -> SearchResult<AbstractState, AbstractStep>
  {
    // All properties on one representative a state.
    abstractSearch(
      abstraction, properties.map { $0.property(for: abstraction) },
      Invariant.violations(of: properties, for: abstraction))
  }

  /// A search of `properties`, whose `violations` (a bit each) it checks;
  /// the first violation (or the caller's stop) ends it after its batch.
  func abstractSearch(
    _ abstraction: AbstractFolios, _ properties: [Property<AbstractState>],
    _ violations: @escaping (AbstractState) -> UInt64
  ) -> SearchResult<AbstractState, AbstractStep> {
    let halt = StopRequest()
    let stop = self.stop
    var search = FrontierSearch(system: abstraction, properties: properties, limits: limits)
    search.violations = { a in
      if stop?.isRequested == true { halt.request() }
      let bits = violations(a)
      if bits != 0 { halt.request() }
      return bits
    }
    if vcpuSymmetry { search.canonical = abstraction.canonical }
    search.threads = threads
    search.exact = exact
    search.stop = halt
    search.progress = progress
    return search.run()
  }

  /// Whether the abstract searches rename vCPUs (`symmetry`, two vCPUs).
  var vcpuSymmetry: Bool { symmetry && config.vcpus == 2 }

  /// The verdicts of properties the abstraction found violated: the
  /// smallest concrete N up to `concretiseUpTo` that fails each, else
  /// unknown. Appends the concrete checks it ran.
  func concretise(_ indices: [Int], into checks: inout [ConcreteCheck]) -> [(Int, AllSizesVerdict)] {
    var verdicts: [(Int, AllSizesVerdict)] = []
    var pending = indices
    let largest = min(concretiseUpTo, GmemState.subpageCapacity / max(config.folios, 1))
    var n = 2
    while !pending.isEmpty && n <= largest && stop?.isRequested != true {
      let check = concreteCheck(subpages: n, pending.map { invariants[$0] })
      checks.append(check)
      var still: [Int] = []
      for (j, i) in pending.enumerated() {
        switch check.result.properties[j].verdict {
        case .fail: verdicts.append((i, .fails(subpages: n)))
        case .incomplete: verdicts.append((i, .incomplete))
        case .pass: still.append(i)
        }
      }
      pending = still
      n += 1
    }
    let tried = n - 1
    verdicts += pending.map { ($0, stop?.isRequested == true ? .incomplete : .unknown(triedUpTo: tried)) }
    return verdicts
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
    search.exact = exact
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

  public var isFailure: Bool { if case .fails = self { true } else { false } }
  public var isUnknown: Bool { if case .unknown = self { true } else { false } }
}

/// One abstract search: the abstraction, the properties it checked and
/// what it found.
public struct AbstractRun {
  public let abstraction: AbstractFolios
  public let invariants: [Invariant]
  public let result: SearchResult<AbstractState, AbstractStep>
  /// NoSilentDataLoss by induction (`ContentInduction`): a failure there
  /// is no counterexample, only the end of the induction.
  public var induction = false
}

/// An abstract counterexample, with the abstraction that reads it.
public struct AbstractTrace {
  public let trace: Trace<AbstractState, AbstractStep>
  public let abstraction: AbstractFolios
}

public struct AllSizesResult {
  /// The design checked (its `subpages` is not used).
  public let config: ModelConfig
  /// N = 1, concretely.
  public let single: ConcreteCheck
  /// Whether the abstract searches stored one state of each pair that
  /// differ only by which vCPU is which.
  public let vcpuSymmetry: Bool
  /// The views of two subpages computed, before the searches.
  public let views: [ViewsRun]
  /// Views were asked for, with properties left after N = 1, but the
  /// design has more than one folio.
  public let viewsSkipped: Bool
  /// The abstract searches in order: on one abstraction, each but the
  /// last stopped at a violation.
  public let abstract: [AbstractRun]
  /// Per property, the abstract counterexample, if a search found one.
  public let abstractTraces: [AbstractTrace?]
  /// The concretisations, in the order run.
  public let concrete: [ConcreteCheck]
  /// Per property, in the order checked.
  public let verdicts: [AllSizesVerdict]

  /// Whether a search met a state it could not represent: not a proof.
  public var overflowed: Bool { abstract.contains { $0.abstraction.overflow.isSet } }

  /// The abstract searches' states, transitions and seconds (the views'
  /// too), summed.
  public var abstractStates: Int { abstract.reduce(0) { $0 + $1.result.states } }
  public var abstractTransitions: Int { abstract.reduce(0) { $0 + $1.result.transitions } }
  public var abstractSeconds: Double {
    abstract.reduce(0) { $0 + $1.result.seconds } + views.reduce(0) { $0 + $1.result.seconds }
  }

  /// How the first search a bound or an interrupt stopped ended, if one
  /// was (the N = 1 check, the views, the abstract searches, the
  /// concretisations, in the order they ran).
  public var firstStop: Completion? {
    let searches =
      [single.result.completion] + views.map { $0.result.completion.bound ?? .exhausted }
      + abstract.map(\.result.completion) + concrete.map(\.result.completion)
    return searches.first { $0 != .exhausted }
  }

  /// The concrete check that holds the counterexample of a failure.
  public func check(for verdict: AllSizesVerdict) -> ConcreteCheck? {
    guard case .fails(let n) = verdict else { return nil }
    return n == 1 ? single : concrete.last { $0.model.config.subpages == n }
  }
}
