import Explorer
import GmemModel

/// NoSilentDataLoss for every folio size by induction, on the abstraction
/// of the design without content (docs/semantics.md, "Content by
/// induction"). The strengthening: every subpage's content is what its
/// ghost says (`written == expectedWritten`, present or not), which
/// implies NoSilentDataLoss and holds at the start (all zero). It is
/// inductive if every step, from every reachable state where it holds,
/// keeps it. Content is a ghost (no step reads it: `ContentGhostTests`),
/// so the reachable states are the content-free design's, with some
/// content on each subpage; and a step sets each subpage's content from
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
    self.init(config, ghostFree: AbstractFolios(config.withoutContent))
  }

  /// With the content-free abstraction given: the views of two subpages
  /// number their keys in their own (`AllSizesCheck.decideByViews`).
  init(_ config: ModelConfig, ghostFree: AbstractFolios) {
    self.ghostFree = ghostFree
    full = AbstractFolios(config)
  }

  /// Whether every step from each filling of `a` keeps every subpage's
  /// content as its ghost says. A state without a representative sets
  /// the overflow flag, and the search is then no proof.
  func keepsContent(_ a: AbstractState) -> Bool {
    guard let (model, s) = ghostFree.representative(of: a) else { return true }
    let subpages = model.config.totalSubpages
    for value in [false, true] {
      var filled = s
      for p in 0..<subpages {
        filled[subpage: p].written = value
        filled[subpage: p].expectedWritten = value
      }
      var kept = true
      full.forEachSuccessor(of: full.abstraction(of: filled, n: model.config.subpages)) { _, b in
        if kept && !full.everySubpage(of: b, { $0.written == $0.expectedWritten }) { kept = false }
      }
      if !kept { return false }
    }
    return true
  }

  /// The property a search of `ghostFree` checks: named as the one it
  /// proves, though a state failing it is no counterexample (only the
  /// induction fails there).
  var property: Property<AbstractState> {
    let induction = self
    return Property(always: Invariant.noSilentDataLoss.name) { induction.keepsContent($0) }
  }
}
