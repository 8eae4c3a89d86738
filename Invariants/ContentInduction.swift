import Explorer
import GmemModel

/// NoSilentDataLoss for every folio size by induction, on the abstraction
/// of the design without content (docs/semantics.md, "Content by
/// induction"). The strengthening: every subpage's content is what its
/// ghost says (`written == expectedWritten`, present or not) and no pin
/// holds a page the file no longer uses (`stalePins`, which only a write
/// reads), which implies NoSilentDataLoss and holds at the start (all
/// zero). It is inductive if every step, from every reachable state where
/// it holds, keeps it. Content is a ghost (no step reads it:
/// `ContentGhostTests`), so the reachable states where it holds are the
/// content-free design's, with some content on each subpage and no stale
/// pins; and a step sets each subpage's content from
/// that subpage's own fields and the action alone. So it suffices to try,
/// from each content-free abstract state, the two fillings where every
/// subpage holds the same agreeing content (both written, or both not):
/// a subpage of any mixed filling fares as it does in the uniform one of
/// its own content. Each filling is run through the design's own
/// abstract transitions (`full`), which cover every concrete step.
struct ContentInduction {
  /// The abstraction of the design without content, which the search
  /// walks.
  let ghostFree: AbstractFolios
  /// The abstraction of the design itself, whose steps are tried.
  let full: AbstractFolios

  init(_ config: ModelConfig) {
    ghostFree = AbstractFolios(config.withoutContent)
    full = AbstractFolios(config)
  }

  /// Whether every step from each filling of `a` keeps every subpage's
  /// content as its ghost says. A state without a representative sets
  /// the overflow flag, and the search is then no proof.
  func keepsContent(_ a: AbstractState) -> Bool {
    guard let (model, s) = ghostFree.representative(of: a) else { return true }
    let subpages = model.config.totalSubpages
    for value in [false, true] {
      let filled = Self.filled(s, subpages: subpages, written: value)
      var kept = true
      full.forEachSuccessor(of: full.abstraction(of: filled, n: model.config.subpages)) { _, b in
        if kept && !full.everySubpage(of: b, Self.keeps) { kept = false }
      }
      if !kept { return false }
    }
    return true
  }

  /// The strengthening, on one subpage: its content is what its ghost
  /// says, and its pins write the file's page.
  static func keeps(_ page: Subpage) -> Bool {
    page.written == page.expectedWritten && !page.stalePins
  }

  /// `s` with every subpage's content and ghost both written, or both
  /// not: a uniform filling.
  static func filled(_ s: WideState, subpages: Int, written: Bool) -> WideState {
    var out = s
    for p in 0..<subpages {
      out[subpage: p].written = written
      out[subpage: p].expectedWritten = written
    }
    return out
  }

  /// The property a search of `ghostFree` checks: named as the one it
  /// proves, though a state failing it is no counterexample (only the
  /// induction fails there).
  var property: Property<AbstractState> {
    let induction = self
    return Property(always: Invariant.noSilentDataLoss.name) { induction.keepsContent($0) }
  }
}

/// The induction's step, as the views of two subpages take it
/// (`AllSizesCheck.decideByViews`): a part's representative, without
/// content, filled both ways, runs the same action on the design with
/// content, and every subpage must keep its content as its ghost says.
/// Content is a ghost, so the design with content takes the same steps
/// (`ContentGhostTests`).
struct ContentStepCheck: Sendable {
  /// The design with content at each size a representative has (index:
  /// subpages; one folio).
  let withContent: [GuestMemfd]

  init(_ config: ModelConfig) {
    precondition(config.folios == 1, "views of two subpages model one folio")
    withContent = (0...WideState.capacity).map { n in
      var c = config
      c.subpages = max(n, 1)
      return GuestMemfd(c)
    }
  }

  /// Whether `action`, which `model` (the design without content) takes
  /// from `s`, keeps each subpage's content as its ghost says from both
  /// uniform fillings of `s` (ContentInduction has why two suffice).
  func keepsContent(_ model: GuestMemfd, _ action: Action, from s: WideState) -> Bool {
    let n = model.config.subpages
    for value in [false, true] {
      let filled = ContentInduction.filled(s, subpages: n, written: value)
      // A step the design without content takes and the design with it
      // does not would break the ghost: no proof.
      guard let (_, next) = withContent[n].step(action, from: filled) else { return false }
      for p in 0..<n where !ContentInduction.keeps(next[subpage: p]) { return false }
    }
    return true
  }
}
