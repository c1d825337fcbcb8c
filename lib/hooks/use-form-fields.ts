'use client';

import { useState } from 'react';

/**
 * A form's values and its errors by field (`form` for the whole form's). Editing a field clears its
 * own error and the form's, so a message never outlives the value it was about.
 */
export function useFormFields<V extends object, F extends string = Extract<keyof V, string>>(
  initial: () => V,
) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<F | 'form', string>>>({});

  /** Applies `change` to the values and clears the errors it answers. */
  const edit = (field: F, change: (values: V) => V) => {
    setValues(change);
    setErrors((e) => ({ ...e, [field]: undefined, form: undefined }));
  };
  /** A change handler for one field. */
  const set =
    <K extends F & keyof V>(field: K) =>
    (value: V[K]) =>
      edit(field, (v) => ({ ...v, [field]: value }));

  return { values, errors, setErrors, edit, set };
}
