//! The adapter from the pure reducer (`crate::state`) to Yew, and the hook
//! that gives components the state.

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

/// The app's store. Every component is rendered inside `App`, which provides it.
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App, which provides the store")
}

/// A callback that dispatches the action made from its input.
#[hook]
pub fn use_dispatch<T: 'static>(make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    let store = use_store();
    Callback::from(move |input: T| store.dispatch(make(input)))
}
