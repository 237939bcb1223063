import { fieldOf } from '../forms';
import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { errorText } from '../session';

export interface LoginProps {
  readonly onLogin: (username: string, password: string) => Promise<void>;
  readonly onRegister: (fields: {
    username: string;
    email: string;
    password: string;
    displayName?: string;
  }) => Promise<void>;
}

/** Sign in, or create an account; errors name the field the API found at fault. */
export function LoginView({ onLogin, onRegister }: LoginProps) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = (name: string) => fieldOf(form, name);
    setBusy(true);
    setError(null);
    try {
      if (mode === 'login') await onLogin(text('username'), fieldOf(form, 'password', true));
      else {
        const displayName = text('displayName');
        await onRegister({
          username: text('username'),
          email: text('email'),
          password: fieldOf(form, 'password', true),
          ...(displayName ? { displayName } : {}),
        });
      }
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <h1>polychat</h1>
      <div role="tablist" aria-label="Account" class="tabs">
        <button role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>
          Sign in
        </button>
        <button role="tab" aria-selected={mode === 'register'} onClick={() => setMode('register')}>
          Create account
        </button>
      </div>
      <form onSubmit={(event) => void submit(event)} aria-label={mode === 'login' ? 'Sign in' : 'Create account'}>
        <label>
          {mode === 'login' ? 'Username or email' : 'Username'}
          <input name="username" autocomplete="username" required autoFocus />
        </label>
        {mode === 'register' && (
          <>
            <label>
              Email
              <input name="email" type="email" autocomplete="email" required />
            </label>
            <label>
              Display name (optional)
              <input name="displayName" autocomplete="nickname" />
            </label>
          </>
        )}
        <label>
          Password
          <input
            name="password"
            type="password"
            required
            minLength={mode === 'register' ? 8 : 1}
            autocomplete={mode === 'login' ? 'current-password' : 'new-password'}
          />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'login' ? 'Sign in' : 'Create account'}
        </button>
      </form>
    </main>
  );
}
