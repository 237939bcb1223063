const list = (words: string): readonly string[] => words.trim().split(/\s+/);

/** Word lists the synthetic dataset draws names, titles and message bodies from. */
export const FIRST_NAMES = list(`
  ada alan amara ana arjun bea carlos chen dara elif emma femi grace hana ivan jade jonas kai lea liam lin
  mara mateo mia nadia noah omar priya ravi rosa sami sara sofia tariq timo uma vera wei yara zoe`);

export const LAST_NAMES = list(`
  adeyemi bauer costa dubois eriksen fischer garcia haddad ito jensen kim kowalski larsen lopez meyer moreau
  nakamura novak okafor park quinn rossi santos schmidt silva tanaka tran ueda varga wagner weber xu yilmaz zhang`);

export const TOPICS = list(`
  books climbing family flatmates football games hiking homework jazz lunch movies alpha reading roadtrip
  running study team travel volunteers weekend`);

export const WORDS = list(`
  about after again agree almost already also always around back because before best better bring busy call
  can check coffee come cool could day dinner done early easy evening everyone find fine first free friday
  from fun good great guess have help here home idea just keep know late later let like link look lunch maybe
  meet monday more morning need never next nice night now okay only over park party photo plan please pretty
  quick ready really right saturday see send share should soon sorry sounds still sunday sure take thanks that
  there think time today tomorrow tonight train try wait want weather week weekend what when where will with
  work would yes yet you`);

export const EMOJI = list('👍 ❤️ 😂 🎉 😮 🙏 🔥 👀');
