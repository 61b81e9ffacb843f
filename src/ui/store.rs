//! The adapter from the pure reducer (`crate::state`) to Yew, and the hooks
//! that give components the state or only its dispatcher.
//!
//! A component that reads the store is drawn again on every change of the
//! state. One that only dispatches (`use_dispatcher`, `use_dispatch`) and gets
//! its data as props is drawn again only when its props change: Yew compares
//! them, so an editor whose value did not change is left alone.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{reduce, Action, AppState};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce(&self, action))
    }
}

/// The state and its dispatcher, shared through a context.
pub type Store = UseReducerHandle<AppState>;

/// The dispatcher alone: the same value for the app's whole life, so that
/// its context never makes a component draw again.
pub type Dispatcher = UseReducerDispatcher<AppState>;

/// The app's store. Every component is rendered inside `App`, which provides it.
///
/// The panels below the verdict (what the script sees, the console lines,
/// the fix, the steps, reproducing it, the origin table, the lessons, the
/// gallery and the course builder) get the store as it was one frame
/// earlier: `App` draws them inside a second provider, moved on after the
/// frame that shows a change is painted. So a keystroke is answered within
/// its frame, and the rest of the page follows in the next one (issue 7;
/// docs/size.md, "Speed").
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App, which provides the store")
}

/// The store's dispatcher, for components that change the state but do not
/// read it.
#[hook]
pub fn use_dispatcher() -> Dispatcher {
    use_context::<Dispatcher>()
        .expect("components are rendered inside App, which provides the dispatcher")
}

/// A callback that dispatches the action made from its input. It is the same
/// callback on every render (`make` cannot capture anything that could
/// change), so the props it is passed in compare equal.
#[hook]
pub fn use_dispatch<T: 'static>(make: fn(T) -> Action) -> Callback<T> {
    let dispatcher = use_dispatcher();
    (*use_memo((), move |_| {
        Callback::from(move |input: T| dispatcher.dispatch(make(input)))
    }))
    .clone()
}
