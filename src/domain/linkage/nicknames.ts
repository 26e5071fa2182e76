/** Common British given-name variants: each group is one name as people are actually recorded. */
const GROUPS: string[][] = [
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['william', 'bill', 'billy', 'will', 'willie', 'liam'],
  ['richard', 'rich', 'richie', 'dick', 'rick', 'ricky'],
  ['james', 'jim', 'jimmy', 'jamie', 'jimmie'],
  ['john', 'jack', 'johnny', 'jon'],
  ['jonathan', 'jon', 'jonny', 'johnny'],
  ['michael', 'mike', 'mick', 'mikey', 'micky', 'mickey'],
  ['christopher', 'chris', 'kit'],
  ['anthony', 'tony', 'ant'],
  ['thomas', 'tom', 'tommy'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davey', 'davy'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['joseph', 'joe', 'joey'],
  ['matthew', 'matt', 'matty'],
  ['nicholas', 'nick', 'nicky'],
  ['andrew', 'andy', 'drew'],
  ['alexander', 'alex', 'sandy', 'xander'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['stephen', 'steve', 'stevie', 'steven'],
  ['peter', 'pete'],
  ['samuel', 'sam', 'sammy'],
  ['timothy', 'tim', 'timmy'],
  ['patrick', 'pat', 'paddy'],
  ['gregory', 'greg'],
  ['kenneth', 'ken', 'kenny'],
  ['ronald', 'ron', 'ronnie'],
  ['nathan', 'nate', 'nat'],
  ['simon', 'si'],
  ['stuart', 'stewart', 'stu'],
  ['gareth', 'gaz'],
  ['oliver', 'ollie', 'olly'],
  ['theodore', 'theo'],
  ['arthur', 'art'],
  ['lee', 'leigh'],
  ['kimberley', 'kimberly', 'kim'],
  ['danielle', 'dani'],
  ['michelle', 'shelley', 'shell'],
  ['angela', 'angie'],
  ['olivia', 'liv', 'livvy'],
  ['amelia', 'millie', 'amy'],
  ['isabella', 'bella', 'izzy'],
  ['florence', 'flo'],
  ['matilda', 'tilly'],
  ['terence', 'terry', 'tel'],
  ['frederick', 'fred', 'freddie', 'freddy'],
  ['henry', 'harry', 'hal'],
  ['lawrence', 'laurence', 'larry', 'laurie'],
  ['leonard', 'len', 'lenny', 'leo'],
  ['raymond', 'ray'],
  ['gerald', 'gerry', 'jerry'],
  ['margaret', 'maggie', 'peggy', 'meg', 'maggy', 'marge', 'margo'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'bess'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kathy', 'cathy', 'kat', 'kitty'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['jennifer', 'jenny', 'jen', 'jenni'],
  ['victoria', 'vicky', 'vicki', 'tori'],
  ['samantha', 'sam', 'sammy'],
  ['alexandra', 'alex', 'lexi', 'sandra'],
  ['charlotte', 'charlie', 'lottie'],
  ['susan', 'sue', 'suzy', 'susie'],
  ['deborah', 'debbie', 'debra', 'deb'],
  ['patricia', 'pat', 'patsy', 'trish', 'tricia'],
  ['christine', 'chris', 'chrissie', 'christina', 'tina'],
  ['jacqueline', 'jackie', 'jacqui'],
  ['nicola', 'nicky', 'nikki', 'nichola'],
  ['amanda', 'mandy'],
  ['abigail', 'abby', 'abbie', 'gail'],
  ['eleanor', 'ellie', 'nell', 'nora', 'elly'],
  ['helen', 'nell', 'ellen'],
  ['dorothy', 'dot', 'dolly', 'dottie'],
  ['josephine', 'jo', 'josie'],
  ['joanne', 'jo', 'joanna'],
  ['theresa', 'teresa', 'tess', 'terri'],
  ['sarah', 'sara', 'sally'],
  ['mary', 'molly', 'polly', 'mae'],
  ['ann', 'anne', 'annie', 'anna', 'nancy'],
  ['louise', 'lou', 'lulu'],
  ['jessica', 'jess', 'jessie'],
  ['stephanie', 'steph', 'stevie'],
  ['natalie', 'nat', 'natalia', 'nathalie'],
  ['gemma', 'jemma'],
  ['zoe', 'zoey'],
  ['philip', 'phillip', 'phil'],
  ['kevin', 'kev'],
  ['martin', 'marty'],
  ['mark', 'marc'],
  ['emma', 'em'],
  ['joshua', 'josh'],
  ['carl', 'karl'],
  ['neil', 'neal'],
  ['ian', 'iain'],
  ['reuben', 'ruben'],
  ['shaun', 'sean', 'shawn'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed'],
  // British diminutives in -az and -el.
  ['darren', 'daz'],
  ['barry', 'baz'],
  ['gary', 'gaz'],
  ['sharon', 'shaz'],
  ['karen', 'kaz'],
  ['derek', 'del'],
];

const canonical = new Map<string, string>();
for (const group of GROUPS) for (const name of group) if (!canonical.has(name)) canonical.set(name, group[0]);
/** Each name → the groups (by index) it belongs to; a few names (Chris, Alex) are in more than one. */
const groupsOf = new Map<string, number[]>();
GROUPS.forEach((group, i) => {
  for (const name of group) groupsOf.set(name, [...(groupsOf.get(name) ?? []), i]);
});

/** Each name in the table → the other forms of its groups with five letters or more (variantWithATypo). */
const spelledVariants = new Map<string, string[]>();
for (const [name, groups] of groupsOf) {
  const forms = new Set<string>();
  for (const g of groups) for (const form of GROUPS[g]) if (form !== name && form.length >= 5) forms.add(form);
  if (forms.size) spelledVariants.set(name, [...forms]);
}

/** The forms of a normalised given name's groups of five letters or more, other than itself; undefined if none. */
export function spelledVariantsOf(normalised: string): readonly string[] | undefined {
  return spelledVariants.get(normalised);
}

/** The formal name a normalised given name is a variant of (the name itself if it has none). */
export function formalGivenName(normalised: string): string {
  return canonical.get(normalised) ?? normalised;
}

/** Whether two normalised given names are known variants of one another (Bob and Robert, Peggy and Margaret). */
export function areNameVariants(a: string, b: string): boolean {
  if (a === b) return true;
  const groupsOfA = groupsOf.get(a);
  const groupsOfB = groupsOf.get(b);
  return !!groupsOfA && !!groupsOfB && groupsOfA.some((g) => groupsOfB.includes(g));
}

/** Every other recorded form of a normalised given name: "bob" → robert, bobby, rob, robbie, bert. */
export function variantsOfGivenName(normalised: string): string[] {
  const variants = new Set<string>();
  for (const group of GROUPS) if (group.includes(normalised)) for (const name of group) if (name !== normalised) variants.add(name);
  return [...variants];
}
