//! Recursive types: a field or variant that holds (directly, not through a `Vec` or map)
//! a type of its own strongly connected component is boxed.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let component = strongly_connected(types);
    for (index, def) in types.iter_mut().enumerate() {
        let mine = component[index];
        let boxes = |ty: &mut TypeRef| {
            if let TypeRef::Named(target) = ty {
                if component[target.0] == mine {
                    *ty = TypeRef::Boxed(Box::new(ty.clone()));
                }
            }
        };
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| boxes(&mut f.ty)),
            TypeKind::Tagged(u) => u.variants.iter_mut().for_each(|v| boxes(&mut v.ty)),
            TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| boxes(&mut v.ty)),
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Types a value of this type contains inline (aliases are looked through by the compiler,
/// so they count as inline too).
fn direct_edges(def: &TypeDef) -> Vec<TypeId> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    };
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Tagged(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Untagged(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Component number of each type (Tarjan's algorithm, iterative so deep graphs cannot
/// overflow the stack).
fn strongly_connected(types: &[TypeDef]) -> Vec<usize> {
    let edges: Vec<Vec<TypeId>> = types.iter().map(direct_edges).collect();
    let n = types.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut component, mut stack, mut next_index, mut next_component) = (vec![usize::MAX; n], Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(next) = edges[node].get(*edge).map(|t| t.0) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
