/**
 * Given names and the short forms people go by, curated for US customer lists: each line is a
 * formal name followed by its nicknames. `Bob` and `Robert` meet because `bob` is listed under
 * `robert`; `Chris` meets both `Christopher` and `Christine`, but those two never meet each
 * other. Jaro-Winkler cannot see these pairs (Bob/Robert scores 0.50), hence the table.
 */
const TABLE = `
abigail abby abbie gail
albert al bert bertie
alexander alex al alec sandy xander
alexandra alex alexa sandra sandy lexi
alfred al alf fred freddie
allison ally allie
amanda mandy manda
andrew andy drew
angela angie
anthony tony ant
arthur art artie
barbara barb barbie babs
benjamin ben benny benji
bernard bernie bern
beverly bev
bradley brad
brian bri
calvin cal
cameron cam
carol carrie
caroline carrie carol lina
catherine cathy cath kate katie kat cat
charles charlie chuck chas chaz chip
christina chris tina christy
christine chris tina christy
christopher chris kit topher
clifford cliff
cynthia cindy cyndi
daniel dan danny
david dave davy
deborah deb debbie debby
dennis denny
donald don donnie
dorothy dot dottie
douglas doug
edward ed eddie ted ned
eleanor ellie nell nora
elizabeth liz lizzie beth betty betsy eliza libby lisa bess
emily em emmy
eugene gene
frances fran frankie
francis frank fran
frederick fred freddie rick
gabriel gabe
gerald gerry jerry
gregory greg
harold harry hal
henry hank harry hal
isabella bella izzy
jacob jake
james jim jimmy jamie
janet jan
jeffrey jeff
jennifer jen jenny jenn
jeremy jerry
jessica jess jessie
joan joanie
john jack johnny jon
jonathan jon jonny nathan
joseph joe joey
joshua josh
judith judy
katherine kathy kate katie kat kathryn kathleen
kathleen kathy kate katie
kenneth ken kenny
kimberly kim
lawrence larry
leonard leo len lenny
margaret maggie meg peg peggy marge margie greta
matthew matt
michael mike mikey mick mickey
nathaniel nate nathan nat
nicholas nick nicky
pamela pam
patricia pat patty tricia trish
patrick pat paddy
peter pete
philip phil
rebecca becky becca
richard rick ricky dick rich richie
robert bob bobby rob robbie bert
ronald ron ronnie
samantha sam sammy
samuel sam sammy
stephen steve stevie
steven steve stevie
susan sue susie suzy
theodore ted teddy theo
thomas tom tommy
timothy tim timmy
victoria vicky tori
vincent vince vinny
walter walt wally
william bill billy will willie liam
zachary zach zack
`;

/** For every name, the formal names it may stand for (a formal name stands for itself). */
const CANONICAL = new Map<string, Set<string>>();
for (const line of TABLE.trim().split('\n')) {
  const [formal, ...nicks] = line.trim().split(/\s+/);
  for (const name of [formal!, ...nicks]) {
    const set = CANONICAL.get(name) ?? new Set<string>();
    set.add(formal!);
    CANONICAL.set(name, set);
  }
}

/** True when two given names can be the same person's: `Bob`/`Robert`, `Bill`/`Will`. */
export function nicknameEquivalent(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const cx = CANONICAL.get(x);
  const cy = CANONICAL.get(y);
  if (!cx || !cy) return false;
  for (const c of cx) if (cy.has(c)) return true;
  return false;
}
