//! The panels below the verdict, drawn a frame after the state they show
//! (`Settled` says why). They are components of their own that read nothing
//! of the store: `App` moves them on after the paint ([`settle`]), so a
//! keystroke's render neither draws nor compares them, and moving them on
//! draws them alone, never the whole app a second time.

use std::cell::RefCell;

use yew::prelude::*;

use super::app::{courses, results_below};
use super::browser;
use super::store::{Settled, Store};

/// Which panels: each place of the page has its own `Later`.
#[derive(Clone, Copy, PartialEq)]
pub enum Panels {
    /// Below the verdict, in the results (`App`'s `results_below`).
    Results,
    /// The course builder, below the layout.
    Courses,
}

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub panels: Panels,
}

thread_local! {
    /// Each `Later` on the page, and the top bar: how to move it on.
    static LATER: RefCell<Vec<UseStateSetter<Option<Settled>>>> = const { RefCell::new(Vec::new()) };
}

/// Moves every `Later` on to `store`'s state once the next frame is
/// painted; on the first load, the verdict is on screen sooner.
pub fn settle(store: &Store) {
    let store = store.clone();
    browser::after_paint(Box::new(move || {
        let settled = Settled::of(&store);
        for later in LATER.with_borrow(Vec::clone) {
            later.set(Some(settled.clone()));
        }
    }));
}

/// The state a frame behind, for a component that `App` moves on after
/// the paint ([`settle`]); none before the first paint.
#[hook]
pub fn use_later() -> Option<Settled> {
    let settled = use_state(|| None::<Settled>);
    {
        let setter = settled.setter();
        use_effect_with((), move |_| {
            LATER.with_borrow_mut(|all| all.push(setter.clone()));
            move || LATER.with_borrow_mut(|all| all.retain(|s| *s != setter))
        });
    }
    (*settled).clone()
}

#[function_component(Later)]
pub fn later(props: &LaterProps) -> Html {
    match use_later() {
        Some(settled) => html! {
            <ContextProvider<Settled> context={settled.clone()}>{ match props.panels {
                Panels::Results => results_below(&settled),
                Panels::Courses => courses(),
            } }</ContextProvider<Settled>>
        },
        None => html! {},
    }
}
